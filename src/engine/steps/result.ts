import { performance } from 'node:perf_hooks';
import type { CheckResult, Outcome, Step, StepResult } from '../../model/index.js';
import { type ErrorCode, errorCodeOf } from '../errors.js';
import { isTargetFailure, type TransportFailure } from '../http/index.js';
import type { ScenarioContext } from './context.js';

/** A fresh result for a step about to run. */
export function startStep(step: Step, index: number, ctx: ScenarioContext): StepResult {
  return {
    index,
    kind: step.kind,
    title: step.title,
    pos: step.pos,
    ...(step.origin ? { origin: step.origin } : {}),
    outcome: 'passed',
    requirements: step.requirements.length > 0 ? step.requirements : ctx.requirements,
    checks: [],
    startedAtMs: performance.now() - ctx.startedAt,
    durationMs: 0,
  };
}

/** Settles the outcome from the checks (unless already `error`) and the duration. */
export function finishStep(result: StepResult, ctx: ScenarioContext): StepResult {
  result.durationMs = performance.now() - ctx.startedAt - result.startedAtMs;
  if (result.outcome === 'error') return result;
  const failed = result.checks.filter((c) => !c.passed);
  if (failed.length > 0) {
    result.outcome = 'failed';
    result.reason ??= failed.map((c) => c.message ?? `${c.name} failed`).join('; ');
  }
  return result;
}

/**
 * The failed check of an exchange the target broke below the contract (refused, reset, closed early,
 * too slow, too large, not HTTP, a CometD handshake that failed): it stands for the step's requirements.
 */
export function transportCheck(reason: string, kind: string): CheckResult {
  return check('transport', false, 'a complete answer', kind, reason);
}

/**
 * A step whose exchange got no answer: what the target did to it (refused, reset, cut, too slow, too
 * large) fails the requirement the step checks with a `transport` check; anything else is the
 * harness's error (docs/blame.md).
 */
export function unansweredStep(
  result: StepResult,
  why: string,
  failure: TransportFailure | undefined,
  ctx: ScenarioContext,
): StepResult {
  if (failure && isTargetFailure(failure)) {
    result.checks.push(transportCheck(why, failure.kind));
    return finishStep(result, ctx);
  }
  return errorStep(result, why, ctx, 'IC_E_TRANSPORT');
}

/** Marks a step as a harness or network error (not a verdict on the contract), with its code. */
export function errorStep(
  result: StepResult,
  reason: string,
  ctx: ScenarioContext,
  code: ErrorCode = 'IC_E_INTERNAL',
): StepResult {
  result.outcome = 'error';
  result.reason = reason;
  result.errorCode = code;
  return finishStep(result, ctx);
}

/** The code of a thrown error, or the given one when it is not one of the harness's. */
export function codeOf(err: unknown, fallback: ErrorCode): ErrorCode {
  return errorCodeOf(err) ?? fallback;
}

export function check(
  name: string,
  passed: boolean,
  expected: unknown,
  actual: unknown,
  message?: string,
): CheckResult {
  return { name, passed, expected, actual, ...(message === undefined ? {} : { message }) };
}

export function skippedStep(step: Step, index: number, ctx: ScenarioContext, reason: string): StepResult {
  return { ...startStep(step, index, ctx), outcome: 'skipped' as Outcome, reason, startedAtMs: 0 };
}

/** The one-line text of an error thrown inside a step. */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? ` (${e.code})` : '';
  return `${String(e?.message ?? err)}${code}`;
}

/** A validator's issues on one line. */
export function describeIssues(issues: ReadonlyArray<{ pointer: string; message: string }>): string {
  // Each message already names where it applies (a pointer, or "the body").
  return issues.map((i) => i.message).join('; ');
}
