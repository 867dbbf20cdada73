import { describe, expect, it } from 'vitest';
import { readingResults } from '../../reporters/readings.js';
import { loadSpec } from '../../src/spec/index.js';
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

  it('pass every scenario against the alternate readings, and the report shows the alternate options', async () => {
    const run = await runSuitesAgainstReference({ readings: 'alternate' });
    expect(run.problems).toEqual([]);
    expect(describeFailures(run.results)).toEqual([]);
    const points = loadSpec().readings;
    const observed = readingResults(points, run.results).filter((r) => r.observed.length > 0);
    // Every point is shown by some scenario, and each shows the alternate option alone.
    expect(observed.map((r) => r.point).sort()).toEqual(points.map((p) => p.id).sort());
    for (const r of observed)
      expect(
        r.observed.map((o) => o.option),
        r.point,
      ).toEqual([points.find((p) => p.id === r.point)?.alternate]);
    // What the cleanup cannot end (parked in a queue or a workbin, which stays in its owner's
    // listing in this reading) is reported once, by the scenario that created it.
    const left = run.results.flatMap((r) => r.leftovers ?? []);
    expect(left.length).toBeGreaterThan(0);
    expect(new Set(left.map((l) => l.id)).size).toBe(left.length);
    for (const l of left) expect(l.reason).toMatch(/^(waits in queue|sits in workbin) /);
  }, 240_000);

  it('shows the reference options on the reference server', async () => {
    const run = await runSuitesAgainstReference({});
    const points = loadSpec().readings;
    for (const r of readingResults(points, run.results).filter((x) => x.observed.length > 0))
      expect(
        r.observed.map((o) => o.option),
        r.point,
      ).toEqual([points.find((p) => p.id === r.point)?.reference]);
  }, 240_000);
});
