import type { ProvisionStep, StepResult } from '../../model/index.js';
import { capture, interpolate } from '../vars/index.js';
import type { CreateRequest, ScenarioContext } from './context.js';
import { check, codeOf, describeError, errorStep, finishStep, startStep } from './result.js';

/** Resets the target or creates an interaction through the configured provisioner. */
export async function runProvisionStep(
  step: ProvisionStep,
  index: number,
  ctx: ScenarioContext,
): Promise<StepResult> {
  ctx.log.markAction();
  const result = startStep(step, index, ctx);
  try {
    const action = interpolate(step.provision, ctx.vars) as ProvisionStep['provision'];
    if (action.action === 'reset') {
      await ctx.env.provisioner.reset();
      result.checks.push(check('provision reset', true, 'reset', 'done'));
      return finishStep(result, ctx);
    }
    const request: CreateRequest = { mediaType: action.mediaType };
    if (action.agent !== undefined) request.agent = ctx.actors.get(action.agent)?.userId ?? action.agent;
    if (action.queue !== undefined) request.queue = action.queue;
    if (action.userData !== undefined) request.userData = action.userData;
    const created = await ctx.env.provisioner.create(request);
    ctx.provisioned.push(created.id);
    result.checks.push(check('provision create', true, request, created));
    if (step.capture) {
      try {
        Object.assign(ctx.vars, capture(created, step.capture));
      } catch (err) {
        result.checks.push(check('capture', false, step.capture, created, describeError(err)));
      }
    }
    return finishStep(result, ctx);
  } catch (err) {
    // The provisioner is the harness's side: its failure is an error, not a contract verdict.
    return errorStep(result, `provision: ${describeError(err)}`, ctx, codeOf(err, 'IC_E_PROVISION'));
  }
}
