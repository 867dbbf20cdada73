import type {
  CheckResult,
  HttpExchange,
  HttpStep,
  ReadingObservation,
  StepResult,
  TogetherRequest,
  TogetherStep,
} from '../../model/index.js';
import { Barrier, type HttpRequestSpec } from '../http/index.js';
import { capture } from '../vars/index.js';
import type { LiveActor, ScenarioContext } from './context.js';
import { httpChecks } from './http-checks.js';
import { buildRequest } from './http-step.js';
import { check, describeError, errorStep, finishStep, startStep, unansweredStep } from './result.js';

type Verdict = 'succeeded' | 'refused' | 'neither';

/**
 * Builds every request first, releases them together through a barrier (so they overlap on the
 * wire), then judges the set: each answer is its success or its refusal, and the number of successes
 * is the one the step names.
 */
export async function runTogetherStep(
  step: TogetherStep,
  index: number,
  ctx: ScenarioContext,
): Promise<StepResult> {
  ctx.log.markAction();
  const result = startStep(step, index, ctx);
  let prepared: Array<{ actor: LiveActor; request: HttpRequestSpec }>;
  try {
    prepared = step.requests.map((r) => {
      const actor = ctx.actors.get(r.actor);
      if (!actor) throw new Error(`unknown actor "${r.actor}"`);
      return { actor, request: buildRequest(asHttpStep(step, r), ctx) };
    });
  } catch (err) {
    return errorStep(result, describeError(err), ctx);
  }

  // Bounded: a request that never connects releases the others after half the request timeout.
  const barrier = new Barrier(prepared.length, Math.ceil(ctx.env.requestMs / 2));
  const outcomes = await Promise.all(prepared.map((p) => p.actor.http.send({ ...p.request, barrier })));
  result.exchanges = outcomes.map((o) => o.exchange);
  const lost = outcomes.findIndex((o) => o.exchange.response === undefined);
  if (lost >= 0) {
    const ex = outcomes[lost]?.exchange as HttpExchange;
    const why = `request ${lost + 1} ${ex.request.method} ${ex.request.url}: ${ex.error ?? 'no response'}`;
    return unansweredStep(result, why, outcomes[lost]?.failure, ctx);
  }

  const verdicts: Verdict[] = [];
  const readings: ReadingObservation[] = [];
  step.requests.forEach((r, i) => {
    const response = outcomes[i]?.exchange.response as NonNullable<HttpExchange['response']>;
    const judged = judge(step, r, response, ctx);
    verdicts.push(judged.verdict);
    readings.push(...judged.readings);
    if (judged.verdict === 'neither') {
      result.checks.push(
        check(
          `request ${i + 1}`,
          false,
          'its success or its refusal',
          { status: response.status, body: response.body ?? null },
          `request ${i + 1} (${describe(r)}) answered neither a success nor a refusal: ${judged.misses}`,
        ),
      );
    }
  });
  if (readings.length > 0) result.readings = readings;
  for (const r of readings) ctx.observed.set(r.point, r.option);
  result.checks.push(countCheck(step, verdicts));

  if (step.capture && result.checks.every((c) => c.passed)) {
    const record = {
      succeeded: verdicts.flatMap((v, i) => (v === 'succeeded' ? [i] : [])),
      responses: outcomes.map((o) => ({
        status: o.exchange.response?.status,
        headers: o.exchange.response?.headers,
        body: o.exchange.response?.body,
      })),
    };
    try {
      Object.assign(ctx.vars, capture(record, step.capture));
    } catch (err) {
      result.checks.push(check('capture', false, step.capture, record, describeError(err)));
    }
  }
  return finishStep(result, ctx);
}

/** One request as an http step, for the request builder and the answer checks. */
function asHttpStep(step: TogetherStep, r: TogetherRequest, expect = r.success): HttpStep {
  return {
    kind: 'http',
    title: step.title,
    pos: step.pos,
    requirements: step.requirements,
    actor: r.actor,
    method: r.method,
    path: r.path,
    ...(r.query ? { query: r.query } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
    ...(r.headers ? { headers: r.headers } : {}),
    expect,
  };
}

function judge(
  step: TogetherStep,
  r: TogetherRequest,
  response: NonNullable<HttpExchange['response']>,
  ctx: ScenarioContext,
): { verdict: Verdict; readings: ReadingObservation[]; misses: string } {
  const asSuccess = { ...asHttpStep(step, r), ...(r.reading ? { reading: r.reading } : {}) };
  const success = httpChecks(asSuccess, response, ctx.env, ctx.vars);
  if (success.checks.every((c) => c.passed))
    return { verdict: 'succeeded', readings: success.readings, misses: '' };
  const refusal = httpChecks(asHttpStep(step, r, r.refusal), response, ctx.env, ctx.vars);
  if (refusal.checks.every((c) => c.passed))
    return { verdict: 'refused', readings: refusal.readings, misses: '' };
  return {
    verdict: 'neither',
    readings: [],
    misses: `as a success: ${failures(success.checks)}; as a refusal: ${failures(refusal.checks)}`,
  };
}

function failures(checks: CheckResult[]): string {
  return checks
    .filter((c) => !c.passed)
    .map((c) => c.message ?? `${c.name} failed`)
    .join(', ');
}

function countCheck(step: TogetherStep, verdicts: Verdict[]): CheckResult {
  const won = verdicts.filter((v) => v === 'succeeded').length;
  const wanted = step.succeed === 'all' ? verdicts.length : step.succeed === 'one' ? 1 : step.succeed;
  const which = verdicts
    .map((v, i) => `${i + 1} ${describe(step.requests[i] as TogetherRequest)}: ${v}`)
    .join('; ');
  const expected =
    step.succeed === 'all' ? `all ${wanted} succeeded` : `exactly ${wanted} succeeded, the others refused`;
  return check(
    'outcomes',
    won === wanted,
    expected,
    verdicts,
    won === wanted
      ? undefined
      : `${won} of ${verdicts.length} requests sent together succeeded, expected ${expected} (${which})`,
  );
}

function describe(r: TogetherRequest): string {
  const op = (r.body as { operationName?: unknown } | undefined)?.operationName;
  return `${r.actor} ${r.method} ${r.path}${typeof op === 'string' ? ` ${op}` : ''}`;
}
