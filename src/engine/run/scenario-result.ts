import type { BlockedBy, Outcome, Scenario, ScenarioResult, StepResult } from '../../model/index.js';

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

/** The blocker a failed step makes of the steps after it. */
export function blockerOf(scenarioId: string, step: StepResult): BlockedBy {
  return {
    scenario: scenarioId,
    step: step.index,
    title: step.title,
    requirements: step.requirements,
    reason: step.reason ?? `step ${step.outcome}`,
  };
}
