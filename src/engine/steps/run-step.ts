import type { Step, StepResult } from '../../model/index.js';
import type { ScenarioContext } from './context.js';
import { runHttpStep } from './http-step.js';
import { runMessageStep } from './message-step.js';
import { runNoMessageStep } from './no-message-step.js';
import { runProvisionStep } from './provision-step.js';
import { startStep } from './result.js';
import { runTogetherStep } from './together-step.js';
import { runWaitStep } from './wait-step.js';

/** Runs one step of any kind; never throws for a target's misbehaviour. */
export async function runStep(step: Step, index: number, ctx: ScenarioContext): Promise<StepResult> {
  const unmet = unmetCondition(step, ctx);
  if (unmet !== undefined)
    return { ...startStep(step, index, ctx), outcome: 'not-applicable', reason: unmet };
  const result = await runKind(step, index, ctx);
  // An action step's label marks where it began (message steps record their own, with the message).
  if (step.label !== undefined && step.kind !== 'message') ctx.labels.set(step.label, { mark: ctx.log.mark });
  return result;
}

function runKind(step: Step, index: number, ctx: ScenarioContext): Promise<StepResult> {
  switch (step.kind) {
    case 'http':
      return runHttpStep(step, index, ctx);
    case 'message':
      return runMessageStep(step, index, ctx);
    case 'no-message':
      return runNoMessageStep(step, index, ctx);
    case 'provision':
      return runProvisionStep(step, index, ctx);
    case 'wait':
      return runWaitStep(step, index, ctx);
    case 'together':
      return runTogetherStep(step, index, ctx);
  }
}

/**
 * Why a step's `when` does not hold: a reading it depends on was observed with another option, or
 * not observed at all earlier in the scenario. `undefined` when the step applies.
 */
function unmetCondition(step: Step, ctx: ScenarioContext): string | undefined {
  for (const [point, options] of Object.entries(step.when ?? {})) {
    const seen = ctx.observed.get(point);
    if (seen === undefined)
      return `not applicable: reading ${point} was not observed earlier in this scenario`;
    if (!options.includes(seen))
      return `not applicable: the target reads ${point} as ${seen}; this step applies to ${options.join(' or ')}`;
  }
  return undefined;
}
