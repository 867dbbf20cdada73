import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTarget, json, startFakeTarget } from '../../helpers/fake-target.js';
import { runOne } from '../../helpers/run-one.js';
import { agent, http, scenario, wait } from '../../helpers/scenario.js';

let target: FakeTarget;
beforeEach(async () => {
  target = await startFakeTarget();
});
afterEach(async () => {
  await target.close();
});

const noCometd = [agent('alice', false)];

describe('a step that throws', () => {
  it('keeps every earlier step result, ends as an error naming the cause, and skips the rest', async () => {
    target.route('GET', '/me/interactions', ({ res }) => json(res, 200, { statusCode: 0, uris: [] }));
    const result = await runOne(
      scenario({
        actors: noCometd,
        steps: [
          http({ path: '/me/interactions', expect: { status: 200, body: { statusCode: 0 } } }),
          wait(1),
          // Built without the loader, which would refuse it: the matcher throws inside the step.
          http({ path: '/me/interactions', expect: { body: { uris: { $regex: '(' } } } }),
          http({ path: '/me/interactions', expect: { status: 200 } }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('error');
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'passed', 'error', 'skipped']);
    expect(result.steps[0]?.checks.map((c) => [c.name, c.passed])).toEqual([
      ['status', true],
      ['body', true],
      ['content-type', true],
    ]);
    expect(result.steps[0]?.exchange?.response?.status).toBe(200);
    expect(result.steps[2]?.reason).toMatch(/^harness error: bad pattern: uris\.\$regex: regular expression/);
    expect(result.reason).toContain('step 3');
    // The harness's side, kept apart from the target's failures by its code.
    expect(result.steps[2]?.errorCode).toBe('IC_E_PATTERN');
    expect(result.errorCode).toBe('IC_E_PATTERN');
    expect(target.requests.filter((r) => r.path === '/me/interactions')).toHaveLength(2);
  });
});
