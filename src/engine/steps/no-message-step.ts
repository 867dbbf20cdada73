import { performance } from 'node:perf_hooks';
import type { NoMessageStep, StepResult } from '../../model/index.js';
import { match } from '../match/index.js';
import { toReceived } from '../notifications/index.js';
import type { ScenarioContext } from './context.js';
import { check, codeOf, describeError, errorStep, finishStep, startStep } from './result.js';

/**
 * Consecutive no-message steps share one quiet period: each step's window counts from the start of
 * the first of them, so their windows overlap rather than add up (300 ms then 500 ms waits 500 ms,
 * not 800). Every step still sees every eligible message since the latest action.
 */
function windowEnd(step: NoMessageStep, index: number, ctx: ScenarioContext): number {
  const previous = ctx.quiet;
  const since = previous && previous.lastIndex === index - 1 ? previous.since : performance.now();
  ctx.quiet = { lastIndex: index, since };
  return since + step.withinMs;
}

/**
 * Fails as soon as a message (matching `match`, when given) is eligible for the actor: one already
 * there unconsumed since the latest action began, or one arriving within `withinMs`. Consumes nothing.
 */
export async function runNoMessageStep(
  step: NoMessageStep,
  index: number,
  ctx: ScenarioContext,
): Promise<StepResult> {
  const result = startStep(step, index, ctx);
  if (!ctx.actors.has(step.actor))
    return errorStep(result, `unknown actor "${step.actor}"`, ctx, 'IC_E_ACTOR');
  let offender: ReturnType<typeof ctx.log.eligible>[number] | undefined;
  const remainingMs = Math.max(0, windowEnd(step, index, ctx) - performance.now());
  try {
    offender = await ctx.log.waitFor(
      () =>
        ctx.log
          .eligible(step.actor, step.channel)
          .find(
            (m) => step.match === undefined || match(step.match, m.normalised, { vars: ctx.vars }).passed,
          ),
      remainingMs,
    );
  } catch (err) {
    return errorStep(result, describeError(err), ctx, codeOf(err, 'IC_E_INTERNAL'));
  }
  const expected = step.match === undefined ? 'no message' : { none: step.match };
  if (offender) {
    result.messages = [toReceived(offender)];
    result.checks.push(
      check(
        'no-message',
        false,
        expected,
        offender.normalised,
        `${step.actor} received ${step.match === undefined ? 'a message' : 'a matching message'} on ${step.channel} (at ${Math.round(offender.atMs)} ms) where none was expected`,
      ),
    );
  } else {
    result.checks.push(check('no-message', true, expected, 'none'));
  }
  return finishStep(result, ctx);
}
