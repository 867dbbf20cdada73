import type { Step, StepResult } from '../../model/index.js';
import type { ScenarioContext } from '../steps/context.js';
import { startStep } from '../steps/result.js';
import { kindOf } from './registry.js';

/** Runs one step of any kind through its module (src/engine/kinds/); never throws for a target's misbehaviour. */
export async function runStep(step: Step, index: number, ctx: ScenarioContext): Promise<StepResult> {
  const unmet = unmetCondition(step, ctx);
  if (unmet !== undefined)
    return { ...startStep(step, index, ctx), outcome: 'not-applicable', reason: unmet };
  const result = await kindOf(step.kind).run(step, index, ctx);
  // An action step's label marks where it began (message steps record their own, with the message).
  if (step.label !== undefined && step.kind !== 'message') ctx.labels.set(step.label, { mark: ctx.log.mark });
  return result;
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
