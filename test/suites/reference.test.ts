import { describe, expect, it } from 'vitest';
import { describeFailures, runSuitesAgainstReference } from './run-suites.js';

describe('the suites against the reference server', () => {
  it('pass every scenario in the envelope dialect', async () => {
    const run = await runSuitesAgainstReference({ dialect: 'envelope' });
    expect(run.problems).toEqual([]);
    expect(run.results.length).toBeGreaterThan(50);
    expect(describeFailures(run.results)).toEqual([]);
  }, 240_000);

  it('pass every scenario in the flat dialect', async () => {
    const run = await runSuitesAgainstReference({ dialect: 'flat' });
    expect(run.problems).toEqual([]);
    expect(describeFailures(run.results)).toEqual([]);
  }, 240_000);
});
