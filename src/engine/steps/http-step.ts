import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpStep, StepResult } from '../../model/index.js';
import type { Credentials, HttpOutcome, HttpRequestSpec } from '../http/index.js';
import { capture, interpolate } from '../vars/index.js';
import type { ScenarioContext } from './context.js';
import { httpChecks } from './http-checks.js';
import { check, codeOf, describeError, errorStep, finishStep, startStep, unansweredStep } from './result.js';

/** Pause between attempts of a retrying step. */
const RETRY_PAUSE_MS = 100;

/** Sends one request (repeating it while `retryForMs` allows) and checks the answer. */
export async function runHttpStep(step: HttpStep, index: number, ctx: ScenarioContext): Promise<StepResult> {
  ctx.log.markAction();
  const result = startStep(step, index, ctx);
  const actor = ctx.actors.get(step.actor);
  if (!actor) return errorStep(result, `unknown actor "${step.actor}"`, ctx, 'IC_E_ACTOR');

  let request: HttpRequestSpec;
  try {
    request = buildRequest(step, ctx);
  } catch (err) {
    return errorStep(result, describeError(err), ctx, codeOf(err, 'IC_E_REQUEST'));
  }

  const deadline = Date.now() + (step.retryForMs ?? 0);
  let attempts = 0;
  let outcome: HttpOutcome;
  for (;;) {
    attempts++;
    outcome = await actor.http.send(request);
    const response = outcome.exchange.response;
    const judged = response ? httpChecks(step, response, ctx.env, ctx.vars) : undefined;
    result.checks = judged?.checks ?? [];
    if (judged && judged.readings.length > 0) result.readings = judged.readings;
    else delete result.readings;
    // A content-type miss is judged for its own requirement; it does not make the step wait longer.
    const done = response !== undefined && result.checks.every((c) => c.passed || c.independent);
    if (done || Date.now() + RETRY_PAUSE_MS > deadline) break;
    await sleep(RETRY_PAUSE_MS);
  }
  outcome.exchange.attempts = Math.max(attempts, outcome.exchange.attempts);
  result.exchange = outcome.exchange;

  const response = outcome.exchange.response;
  if (!response) {
    const why = `${step.method} ${request.url}: ${outcome.exchange.error ?? 'no response'}`;
    return unansweredStep(result, why, outcome.failure, ctx);
  }
  for (const r of result.readings ?? []) ctx.observed.set(r.point, r.option);
  if (step.capture && result.checks.every((c) => c.passed || c.independent)) {
    try {
      Object.assign(
        ctx.vars,
        capture({ status: response.status, headers: response.headers, body: response.body }, step.capture),
      );
    } catch (err) {
      result.checks.push(check('capture', false, step.capture, response.body ?? null, describeError(err)));
    }
  }
  return finishStep(result, ctx);
}

export function buildRequest(step: HttpStep, ctx: ScenarioContext): HttpRequestSpec {
  const url = stepUrl(String(interpolate(step.path, ctx.vars)), ctx.env.baseUrl);
  for (const [key, value] of Object.entries(step.query ?? {})) {
    url.searchParams.set(key, String(interpolate(value, ctx.vars)));
  }
  const auth: HttpRequestSpec['auth'] =
    step.auth === undefined
      ? 'actor'
      : step.auth === 'none' || step.auth === 'session'
        ? step.auth
        : (interpolate(step.auth, ctx.vars) as Credentials);
  return {
    method: step.method,
    url: url.toString(),
    auth,
    timeoutMs: step.timeoutMs ?? ctx.env.requestMs,
    ...(step.headers ? { headers: interpolate(step.headers, ctx.vars) as Record<string, string> } : {}),
    ...(step.rawBody !== undefined
      ? { rawBody: String(interpolate(step.rawBody, ctx.vars)) }
      : step.body !== undefined
        ? { body: interpolate(step.body, ctx.vars) }
        : {}),
  };
}

/** A path that starts with a scheme and `//` (`https://`, `ftp://`) is an absolute URL. */
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * The URL a step's (interpolated) path names: an absolute `http://` or `https://` URL as written
 * (e.g. `${target.cometdUrl}/handshake`), anything else relative to the API base.
 */
export function stepUrl(path: string, baseUrl: string): URL {
  const scheme = SCHEME.exec(path)?.[1]?.toLowerCase();
  if (scheme === undefined) return new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  if (scheme !== 'http' && scheme !== 'https')
    throw new Error(
      `path "${path}" is an absolute URL with scheme "${scheme}:"; a step requests only http:// or https:// URLs, or a path relative to the API base`,
    );
  try {
    return new URL(path);
  } catch {
    throw new Error(`path "${path}" is not a valid absolute URL`);
  }
}
