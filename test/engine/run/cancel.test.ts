import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANCELLED } from '../../../src/engine/run/scenario-runner.js';
import { type FakeTarget, json, startFakeTarget } from '../../helpers/fake-target.js';
import { runOne } from '../../helpers/run-one.js';
import { agent, http, scenario, wait } from '../../helpers/scenario.js';

let target: FakeTarget;
beforeEach(async () => {
  target = await startFakeTarget();
  target.route('GET', '/me/interactions', ({ res }) => json(res, 200, { statusCode: 0, uris: [] }));
});
afterEach(async () => {
  await target.close();
});

const steps = [
  http({ path: '/me/interactions', expect: { status: 200 } }),
  wait(60_000),
  http({ path: '/me/interactions', expect: { status: 200 } }),
];

describe('a cancelled run (--bail)', () => {
  it('abandons the running step and runs none of the rest', async () => {
    const controller = new AbortController();
    // Aborted once the first step has been answered, while the second waits.
    target.route('GET', '/me/interactions', ({ res }) => {
      setTimeout(() => controller.abort(), 50);
      json(res, 200, { statusCode: 0, uris: [] });
    });
    const result = await runOne(scenario({ actors: [agent('alice', false)], steps }), target, {
      signal: controller.signal,
    });
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'skipped', 'skipped']);
    expect(result.steps.slice(1).map((s) => s.reason)).toEqual([CANCELLED, CANCELLED]);
    expect(target.requests.filter((r) => r.path === '/me/interactions')).toHaveLength(1);
  });

  it('runs no step when the run was cancelled before the scenario started', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runOne(scenario({ actors: [agent('alice', false)], steps }), target, {
      signal: controller.signal,
    });
    expect(result.steps.map((s) => s.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(target.requests).toHaveLength(0);
  });
});
