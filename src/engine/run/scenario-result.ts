import type { Outcome, Scenario, ScenarioResult } from '../../model/index.js';

/** A result with no steps run: not applicable, or an error before the first step. */
export function emptyResult(scenario: Scenario, outcome: Outcome, reason: string): ScenarioResult {
  return {
    scenarioId: scenario.id,
    title: scenario.title,
    file: scenario.file,
    pos: scenario.pos,
    profile: scenario.profile,
    tags: scenario.tags,
    requirements: scenario.requirements,
    outcome,
    reason,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    steps: [],
    messages: [],
    actors: {},
  };
}

/** `failed` and `error` outrank `passed`; an error anywhere makes the whole scenario an error. */
export function scenarioOutcome(outcomes: Outcome[]): Outcome {
  if (outcomes.includes('error')) return 'error';
  if (outcomes.includes('failed')) return 'failed';
  return 'passed';
}
