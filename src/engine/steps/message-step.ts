import type { MessageStep, StepResult } from '../../model/index.js';
import { notificationVariant } from '../dialect/index.js';
import { match } from '../match/index.js';
import { type RecordedMessage, toReceived } from '../notifications/index.js';
import { capture } from '../vars/index.js';
import type { ScenarioContext } from './context.js';
import { check, codeOf, describeError, describeIssues, errorStep, finishStep, startStep } from './result.js';

/**
 * Takes the first `count` not-yet-consumed messages of the actor that match and arrived since the
 * latest action step began; waits for them at most `withinMs`, then consumes them.
 */
export async function runMessageStep(
  step: MessageStep,
  index: number,
  ctx: ScenarioContext,
): Promise<StepResult> {
  const result = startStep(step, index, ctx);
  if (!ctx.actors.has(step.actor))
    return errorStep(result, `unknown actor "${step.actor}"`, ctx, 'IC_E_ACTOR');
  const matches = (m: RecordedMessage) =>
    match(step.match, m.normalised, {
      vars: ctx.vars,
      ...(step.exact === undefined ? {} : { exact: step.exact }),
    });

  const from = windowStart(step, ctx);
  const before = step.after === undefined ? undefined : ctx.labels.get(step.after)?.seq;
  let found: RecordedMessage[] | undefined;
  try {
    found = await ctx.log.waitFor(() => {
      const hits = ctx.log.eligible(step.actor, step.channel, from).filter((m) => matches(m).passed);
      return hits.length >= step.count ? hits.slice(0, step.count) : undefined;
    }, step.withinMs);
  } catch (err) {
    // An undefined variable in the pattern: the input is wrong, not the target.
    return errorStep(result, describeError(err), ctx, codeOf(err, 'IC_E_INTERNAL'));
  }

  if (!found) {
    const seen = ctx.log.eligible(step.actor, step.channel);
    const hits = seen.filter((m) => matches(m).passed);
    const elsewhere = ctx.log
      .unconsumed()
      .filter((m) => m.actor !== step.actor && m.channel === step.channel && matches(m).passed);
    result.messages = seen.map(toReceived);
    const early = ctx.log.beforeWindow(step.actor, step.channel).filter((m) => matches(m).passed);
    const miss = missMessage(step, seen, hits.length, elsewhere, early, matches);
    const lost = ctx.log.lostSinceMark(step.actor)[0];
    // The server dropped the actor's session meanwhile: the notification went with it. The client
    // made a new session, so the steps after this one still run (docs/blame.md).
    const missCheck = check(
      'message',
      false,
      step.match,
      seen.length === 0 ? 'none' : seen.map((m) => m.normalised),
      lost
        ? `session lost (402) at ${Math.round(lost.atMs)} ms: the server dropped ${step.actor}'s CometD session and the notification was lost with it; ${miss}`
        : miss,
    );
    result.checks.push(lost ? { ...missCheck, independent: true } : missCheck);
    return finishStep(result, ctx);
  }

  for (const m of found) ctx.log.consume(m, index);
  result.messages = found.map(toReceived);
  const last = found[found.length - 1];
  if (step.label !== undefined)
    ctx.labels.set(step.label, { mark: from, ...(last ? { seq: last.seq } : {}) });
  if (step.after !== undefined) result.checks.push(orderCheck(step, found, before));
  result.checks.push(
    check(
      'message',
      true,
      step.match,
      found.length === 1 ? found[0]?.normalised : found.map((m) => m.normalised),
    ),
  );
  for (const m of found) {
    const variant = step.variant ?? notificationVariant(m.data, ctx.env.dialect);
    if (variant === undefined) {
      result.checks.push(
        check(
          'notification type',
          false,
          'a Notification.* message',
          m.data,
          'the message names no notification type',
        ),
      );
      continue;
    }
    if (
      step.variant === undefined &&
      ctx.env.validator.hasVariant &&
      !ctx.env.validator.hasVariant(variant)
    ) {
      result.checks.push(
        check(
          'notification type',
          false,
          'a known Notification.* variant',
          variant,
          `unknown notification type ${variant}`,
        ),
      );
      continue;
    }
    // The raw message is checked against the dialect's schema; matching used the envelope form.
    const verdict = ctx.env.validator.validate(
      variant,
      { channel: m.channel, data: m.data },
      { dialect: ctx.env.dialect },
    );
    result.checks.push(
      check(
        `variant ${variant}`,
        verdict.ok,
        variant,
        m.data,
        verdict.ok
          ? undefined
          : `message #${m.seq} is not ${variant} (${ctx.env.dialect}): ${describeIssues(verdict.issues)}`,
      ),
    );
  }
  if (step.capture && last) {
    try {
      Object.assign(ctx.vars, capture(last.normalised, step.capture));
    } catch (err) {
      result.checks.push(check('capture', false, step.capture, last.normalised, describeError(err)));
    }
  }
  return finishStep(result, ctx);
}

/** Where the step's window opens: the latest action step, or the step its `since` names. */
function windowStart(step: MessageStep, ctx: ScenarioContext): number {
  if (step.since === undefined) return ctx.log.mark;
  return ctx.labels.get(step.since)?.mark ?? ctx.log.mark;
}

/** `after`: every message this step took arrived after the one the labelled message step took. */
function orderCheck(step: MessageStep, found: RecordedMessage[], before: number | undefined) {
  const label = step.after as string;
  if (before === undefined) {
    return check(
      'order',
      false,
      `after the message of step "${label}"`,
      'that step consumed no message',
      `step "${label}" consumed no message to be ordered after`,
    );
  }
  const early = found.filter((m) => m.seq < before);
  return check(
    'order',
    early.length === 0,
    `arrived after message #${before} (step "${label}")`,
    found.map((m) => `#${m.seq} at ${Math.round(m.atMs)} ms`),
    early.length === 0
      ? undefined
      : `out of order: the matching message #${early[0]?.seq} (at ${Math.round(early[0]?.atMs ?? 0)} ms) arrived before message #${before} of step "${label}", which reports an earlier change`,
  );
}

function missMessage(
  step: MessageStep,
  seen: RecordedMessage[],
  hits: number,
  elsewhere: RecordedMessage[],
  early: RecordedMessage[],
  matches: (m: RecordedMessage) => { mismatches: Array<{ message: string }> },
): string {
  const want = step.count === 1 ? 'no matching message' : `${hits} of ${step.count} matching messages`;
  let text = `${want} for ${step.actor} on ${step.channel} within ${step.withinMs} ms`;
  const others = seen.filter((m) => matches(m).mismatches.length > 0);
  if (seen.length === 0) text += '; nothing arrived';
  else if (others.length > 0) {
    const closest = others[others.length - 1] as RecordedMessage;
    text += `; ${others.length} other message(s) arrived, the latest differs: ${matches(closest)
      .mismatches.map((x) => x.message)
      .join('; ')}`;
  }
  if (early.length > 0) {
    // The window opens when the latest http/provision step begins: consume a notification before
    // the next action, or it is out of reach.
    text += `; a matching message arrived at ${Math.round(early[0]?.atMs ?? 0)} ms, before the latest action step began, so it is outside this step's window (check it before that action)`;
  }
  if (elsewhere.length > 0) {
    text += `; a matching message went to ${[...new Set(elsewhere.map((m) => m.actor))].join(', ')} instead`;
  }
  return text;
}
