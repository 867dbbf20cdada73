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
      'IX-COMPLETE-02': 'not-run', // its step was skipped after the failure
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

  it('one failing scenario outweighs passing ones; one errored scenario keeps a requirement from passing', () => {
    const pass = sc('a', 'passed', ['IX-ACCEPT-01'], [st(0, 'passed', ['IX-ACCEPT-01'])]);
    const fail = sc('b', 'failed', ['IX-ACCEPT-01'], [st(0, 'failed', ['IX-ACCEPT-01'])]);
    const error = sc('c', 'error', ['IX-ACCEPT-01'], [st(0, 'error', ['IX-ACCEPT-01'])]);
    expect(verdictsOf([pass, fail])['IX-ACCEPT-01']).toBe('fail');
    expect(verdictsOf([pass, error])['IX-ACCEPT-01']).toBe('not-run');
    expect(verdictsOf([pass])['IX-ACCEPT-01']).toBe('pass');
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
});
