import { describe, expect, it } from 'vitest';
import { requirementResults } from '../../reporters/verdicts.js';
import type { Outcome, ScenarioResult, StepResult } from '../../src/model/index.js';
import { CATALOGUE, makeRun } from './fixtures.js';

function verdictsOf(
  scenarios: ScenarioResult[],
  claimed: ScenarioResult['profile'][] = ['core', 'userdata'],
) {
  return Object.fromEntries(requirementResults(CATALOGUE, scenarios, claimed).map((r) => [r.id, r.verdict]));
}

function st(index: number, outcome: Outcome, requirements: string[]): StepResult {
  const pos = { file: 'suites/x.yaml', line: index + 2, col: 3 };
  return {
    index,
    kind: 'http',
    title: `step ${index}`,
    pos,
    outcome,
    requirements,
    checks: [],
    startedAtMs: 0,
    durationMs: 1,
  };
}

function sc(id: string, outcome: Outcome, requirements: string[], steps: StepResult[]): ScenarioResult {
  const pos = { file: 'suites/x.yaml', line: 1, col: 1 };
  return {
    scenarioId: id,
    title: id,
    file: pos.file,
    pos,
    profile: 'core',
    tags: [],
    requirements,
    outcome,
    startedAt: '2025-05-01T10:00:00.000Z',
    durationMs: 1,
    steps,
    messages: [],
    actors: {},
  };
}

describe('requirementResults', () => {
  it('judges the fixture: one fail, passes, not-run for errors and skips, not-applicable for unclaimed', () => {
    expect(Object.fromEntries(makeRun().requirements.map((r) => [r.id, r.verdict]))).toEqual({
      'IX-INVITE-01': 'pass',
      'IX-ACCEPT-01': 'pass',
      'IX-ACCEPT-02': 'pass',
      'IX-COMPLETE-01': 'fail',
      'IX-COMPLETE-02': 'blocked', // its step was skipped after IX-COMPLETE-01's step failed
      'IX-LIST-03': 'not-run', // no scenario covers it
      'IX-UDATA-01': 'not-run', // harness error: not a pass
      'IX-UDATA-05': 'not-run',
      'IX-TRANSFER-01': 'not-applicable', // profile not claimed
    });
  });

  it('a failure outside any step fails every requirement the scenario lists', () => {
    const v = verdictsOf([sc('s', 'failed', ['IX-COMPLETE-01'], [st(0, 'passed', ['IX-COMPLETE-01'])])]);
    expect(v['IX-COMPLETE-01']).toBe('fail');
  });

  it('a failed step fails only the requirements it stands for', () => {
    const v = verdictsOf([
      sc(
        's',
        'failed',
        ['IX-ACCEPT-01'],
        [st(0, 'passed', ['IX-ACCEPT-01']), st(1, 'failed', ['IX-ACCEPT-02'])],
      ),
    ]);
    expect(v['IX-ACCEPT-01']).toBe('pass');
    expect(v['IX-ACCEPT-02']).toBe('fail');
  });

  it('one failing scenario outweighs passing ones; a pass elsewhere outweighs a harness error', () => {
    const pass = sc('a', 'passed', ['IX-ACCEPT-01'], [st(0, 'passed', ['IX-ACCEPT-01'])]);
    const fail = sc('b', 'failed', ['IX-ACCEPT-01'], [st(0, 'failed', ['IX-ACCEPT-01'])]);
    const error = sc('c', 'error', ['IX-ACCEPT-01'], [st(0, 'error', ['IX-ACCEPT-01'])]);
    expect(verdictsOf([pass, fail])['IX-ACCEPT-01']).toBe('fail');
    expect(verdictsOf([pass, error])['IX-ACCEPT-01']).toBe('pass');
    expect(verdictsOf([pass])['IX-ACCEPT-01']).toBe('pass');
    const alone = requirementResults(CATALOGUE, [error], ['core']).find((r) => r.id === 'IX-ACCEPT-01');
    expect(alone?.verdict).toBe('not-run');
    expect(alone?.why).toMatch(/^harness error in c/);
  });

  it('not-applicable when every covering scenario was, and when the profile is not claimed', () => {
    const na = sc('n', 'not-applicable', ['IX-ACCEPT-01'], []);
    expect(verdictsOf([na])['IX-ACCEPT-01']).toBe('not-applicable');
    const pass = sc('a', 'passed', ['IX-ACCEPT-01'], [st(0, 'passed', ['IX-ACCEPT-01'])]);
    expect(verdictsOf([pass], ['userdata'])['IX-ACCEPT-01']).toBe('not-applicable');
    expect(verdictsOf([pass, na])['IX-ACCEPT-01']).toBe('pass');
  });

  it('lists the covering scenarios, by scenario or by step', () => {
    const s = sc('s', 'passed', ['IX-ACCEPT-01'], [st(0, 'passed', ['IX-INVITE-01'])]);
    const results = requirementResults(CATALOGUE, [s], ['core']);
    expect(results.find((r) => r.id === 'IX-INVITE-01')?.scenarios).toEqual(['s']);
    expect(results.find((r) => r.id === 'IX-ACCEPT-01')?.verdict).toBe('pass');
  });

  it("a requirement fails only through a check that names it: a content-type miss fails IX-HTTP-01, not the step's", () => {
    const step: StepResult = {
      ...st(0, 'failed', ['IX-ACCEPT-01']),
      checks: [
        { name: 'status', passed: true, expected: 200, actual: 200 },
        {
          name: 'content-type',
          passed: false,
          expected: 'application/json',
          actual: 'text/html',
          requirement: 'IX-LIST-03',
          independent: true,
        },
      ],
    };
    const v = verdictsOf([sc('s', 'failed', ['IX-ACCEPT-01'], [step])]);
    expect(v['IX-ACCEPT-01']).toBe('pass');
    expect(v['IX-LIST-03']).toBe('fail');
  });

  it("a step failing for one requirement blocks the later steps' requirements, saying by what", () => {
    const failing: StepResult = {
      ...st(0, 'failed', ['IX-ACCEPT-01']),
      checks: [
        { name: 'transport', passed: false, expected: 'an answer', actual: 'reset', message: 'reset' },
      ],
      reason: 'the target reset the connection after the request was sent',
    };
    const skipped: StepResult = {
      ...st(1, 'skipped', ['IX-ACCEPT-02']),
      blockedBy: { scenario: 's', step: 0, title: 'step 0', requirements: ['IX-ACCEPT-01'], reason: 'reset' },
    };
    const [accept1, accept2] = ['IX-ACCEPT-01', 'IX-ACCEPT-02'].map((id) =>
      requirementResults(CATALOGUE, [sc('s', 'failed', [], [failing, skipped])], ['core']).find(
        (r) => r.id === id,
      ),
    );
    expect(accept1?.verdict).toBe('fail');
    expect(accept2?.verdict).toBe('blocked');
    expect(accept2?.why).toBe('blocked by s step 1 [IX-ACCEPT-01]: reset');
    expect(accept2?.blockedBy?.requirements).toEqual(['IX-ACCEPT-01']);
  });

  it('a scenario the breaker judged blocks every requirement it covers; a pass elsewhere still passes', () => {
    const by = {
      scenario: 'x',
      requirements: ['IX-AUTH-04'],
      reason: 'the same target failure ended 3 scenarios in a row',
    };
    const blocked = { ...sc('b', 'skipped', ['IX-ACCEPT-01', 'IX-ACCEPT-02'], []), blockedBy: by };
    const pass = sc('a', 'passed', ['IX-ACCEPT-01'], [st(0, 'passed', ['IX-ACCEPT-01'])]);
    const v = verdictsOf([blocked, pass]);
    expect(v['IX-ACCEPT-01']).toBe('pass');
    expect(v['IX-ACCEPT-02']).toBe('blocked');
  });

  it('every not-run, blocked and not-applicable requirement says why', () => {
    for (const r of makeRun().requirements.filter((x) => x.verdict !== 'pass' && x.verdict !== 'fail'))
      expect(r.why, r.id).toMatch(/\w/);
  });
});
