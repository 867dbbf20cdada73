import { describe, expect, it } from 'vitest';
import { Breaker, NO_NOTIFICATION, targetFailureOf } from '../../../src/engine/run/breaker.js';
import { createWorkerRun } from '../../../src/engine/run/worker-run.js';
import type { ScenarioResult, StepResult } from '../../../src/model/index.js';
import { http, scenario as makeScenario, message } from '../../helpers/scenario.js';

function step(index: number, kind: string | undefined): StepResult {
  return {
    index,
    kind: 'http',
    title: `step ${index}`,
    pos: { file: 'suites/x.yaml', line: 2, col: 3 },
    outcome: kind === undefined ? 'passed' : 'failed',
    requirements: ['IX-ME-01'],
    checks:
      kind === undefined
        ? [{ name: 'status', passed: true, expected: 200, actual: 200 }]
        : kind === 'contract'
          ? [
              {
                name: 'status',
                passed: false,
                expected: 200,
                actual: 500,
                message: 'status: expected 200, got 500',
              },
            ]
          : [
              {
                name: 'transport',
                passed: false,
                expected: 'a complete answer',
                actual: kind,
                message: `${kind} happened`,
              },
            ],
    startedAtMs: 0,
    durationMs: 1,
  };
}

function scenario(id: string, failure?: string): ScenarioResult {
  return {
    scenarioId: id,
    title: id,
    file: 'suites/x.yaml',
    pos: { file: 'suites/x.yaml', line: 1, col: 1 },
    profile: 'core',
    tags: [],
    requirements: ['IX-ME-01'],
    outcome: failure === undefined ? 'passed' : 'failed',
    startedAt: '2025-05-01T10:00:00.000Z',
    durationMs: 1,
    steps: [step(0, undefined), step(1, failure)],
    messages: [],
    actors: {},
  };
}

describe('the breaker', () => {
  it('trips on the third scenario in a row that ends on the same kind of target failure', () => {
    const breaker = new Breaker();
    breaker.record(scenario('a', 'timeout'));
    breaker.record(scenario('b', 'timeout'));
    expect(breaker.tripped).toBeUndefined();
    breaker.record(scenario('c', 'timeout'));
    expect(breaker.tripped?.reason).toMatch(
      /^the same target failure ended 3 scenarios in a row \(a, b, c\)/,
    );
    expect(breaker.tripped?.reason).toContain('timeout happened');
    expect(breaker.tripped).toMatchObject({ scenario: 'c', step: 1, requirements: ['IX-ME-01'] });
  });

  it('a passing scenario or another kind of failure starts the count again; a contract failure does not count', () => {
    const breaker = new Breaker();
    for (const s of [
      scenario('a', 'timeout'),
      scenario('b', 'timeout'),
      scenario('ok'),
      scenario('c', 'timeout'),
      scenario('d', 'reset'),
      scenario('e', 'timeout'),
      scenario('f', 'contract'),
      scenario('g', 'timeout'),
    ])
      breaker.record(s);
    expect(breaker.tripped).toBeUndefined();
    breaker.record(scenario('h', 'timeout'));
    expect(breaker.tripped?.reason).toContain('(e, g, h)');
  });

  it('trips on three scenarios in a row that waited for a notification when none at all reached them', () => {
    const silent = (id: string, received: number): ScenarioResult => {
      const base = scenario(id, 'contract');
      const waited: StepResult = {
        ...step(1, 'contract'),
        kind: 'message',
        requirements: ['IX-INVITE-01'],
        checks: [
          { name: 'message', passed: false, expected: {}, actual: 'none', message: 'nothing arrived' },
        ],
        reason: 'no matching message for alice within 1000 ms; nothing arrived',
      };
      const heard = { actor: 'alice', channel: '/v2/me/interactions', seq: 1, atMs: 5, data: {} };
      return {
        ...base,
        steps: [step(0, undefined), waited],
        messages: Array.from({ length: received }, () => heard),
      };
    };
    expect(targetFailureOf(silent('x', 0))?.kind).toBe(NO_NOTIFICATION);
    // Some notification came: a contract failure (the wrong one, or not yet), not a silent target.
    expect(targetFailureOf(silent('y', 1))).toBeUndefined();
    // Once any actor has heard a notification (here b's), hearing none never counts again.
    const heard = new Breaker();
    for (const s of [silent('a', 0), silent('b', 1), silent('c', 0), silent('d', 0), silent('e', 0)])
      heard.record(s);
    expect(heard.tripped).toBeUndefined();
    const breaker = new Breaker();
    for (const s of [silent('c', 0), silent('d', 0)]) breaker.record(s);
    expect(breaker.tripped).toBeUndefined();
    breaker.record(silent('e', 0));
    expect(breaker.tripped?.reason).toMatch(
      /^the same target failure ended 3 scenarios in a row \(c, d, e\)/,
    );
    expect(breaker.tripped?.reason).toContain('no notification at all reached the scenario');
    expect(breaker.tripped).toMatchObject({ scenario: 'e', step: 1, requirements: ['IX-INVITE-01'] });
    // Only the scenarios that wait for a notification are blocked; the others run, cleanup included.
    const listens = makeScenario({ steps: [message({ match: { data: {} } })] });
    const deaf = makeScenario({ steps: [http({ path: '/me/interactions' })] });
    expect(breaker.blocks(listens)).toBe(breaker.tripped);
    expect(breaker.blocks(deaf)).toBeUndefined();
    expect(breaker.stopsCleanup).toBe(false);
  });

  it('after a target that stopped answering, blocks every scenario and stops the cleanups', () => {
    const breaker = new Breaker();
    for (const id of ['a', 'b', 'c']) breaker.record(scenario(id, 'timeout'));
    expect(breaker.blocks(makeScenario({ steps: [http({ path: '/me/interactions' })] }))).toBe(
      breaker.tripped,
    );
    expect(breaker.stopsCleanup).toBe(true);
  });

  it('names no target failure for a scenario that failed on the contract', () => {
    expect(targetFailureOf(scenario('x', 'contract'))).toBeUndefined();
    expect(targetFailureOf(scenario('y', 'reset'))?.kind).toBe('reset');
  });
});

describe('the run budget (timeouts.run)', () => {
  it('blocks a scenario that has not started when the budget is spent, without touching the target', async () => {
    const worker = createWorkerRun({
      scenarios: [],
      notApplicable: {},
      // Never contacted: the scenario is judged before any lease or request.
      baseUrl: 'http://127.0.0.1:9/api/v2',
      cometdUrl: 'http://127.0.0.1:9/api/v2/notifications',
      controlUrl: 'http://127.0.0.1:9/control/v1',
      provisioner: { kind: 'none' },
      dialect: 'envelope',
      timeouts: { requestMs: 1000, messageMs: 1000, handshakeMs: 1000, scenarioMs: 1000, runMs: 0 },
      names: {},
      actors: { agent: [], admin: [], norole: [] },
      concurrency: 1,
      allure: false,
      secrets: [],
    });
    try {
      await new Promise((r) => setTimeout(r, 5));
      const result = await worker.run(makeScenario({ steps: [] }));
      expect(result.outcome).toBe('skipped');
      expect(result.blockedBy?.reason).toBe(
        "the run's budget timeouts.run (0 s) was spent before this scenario started",
      );
    } finally {
      await worker.close();
    }
  });
});
