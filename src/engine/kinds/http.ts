import type { HttpExpectation, HttpStep } from '../../model/index.js';
import { runHttpStep } from '../steps/http-step.js';
import { type StepKindModule, valuesAt } from './types.js';

type Obj = Record<string, unknown>;

/** The listings, which show an operation's effect a moment after its answer. */
const LISTINGS = ['/interactions', '/me/interactions'];

/**
 * A GET on a listing, with the actor's own credentials, expecting success: it is repeated until its
 * expectation holds (at most `timeouts.settle`), as if it said `retry: { for: … }`. A refusal or a
 * request with other credentials is judged on its first answer; `retry: { for: 0ms }` opts out.
 */
function settles(h: Obj, e: Obj): boolean {
  if (h.method !== 'GET' || h.auth !== undefined || !LISTINGS.includes(String(h.path))) return false;
  const variant = typeof e.variant === 'string' ? e.variant : '';
  return !variant.endsWith('.failure') && !variant.startsWith('Error.');
}

/** Query and header values as the strings they are sent as. */
export function stringValues(obj: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)]));
}

/** An `expect:` block (status, variant, body, exact, headers) as the model's expectation. */
export function expectationOf(raw: unknown): HttpExpectation {
  const e = (raw ?? {}) as Obj;
  return {
    ...(e.status !== undefined ? { status: e.status as number | number[] | string } : {}),
    ...(typeof e.variant === 'string' ? { variant: e.variant } : {}),
    ...(e.body !== undefined ? { body: e.body } : {}),
    ...(typeof e.exact === 'boolean' ? { exact: e.exact } : {}),
    ...(e.headers !== undefined ? { headers: e.headers as Record<string, unknown> } : {}),
  };
}

/** `http:` — one request of an actor, its answer checked against `expect` (and a `reading`). */
export const httpKind: StepKindModule<HttpStep> = {
  kind: 'http',
  key: 'http',
  schemaDef: 'httpStep',
  actorPaths: [['http', 'actor']],
  variantPaths: [['expect', 'variant']],
  patterns: (raw) => ({
    matched: valuesAt(raw, [
      ['expect', 'body'],
      ['expect', 'headers'],
    ]),
    sent: valuesAt(raw, [
      ['http', 'body'],
      ['http', 'query'],
      ['http', 'headers'],
    ]),
  }),
  build({ raw, block, base, title, duration, reading: readingOf, defaults }) {
    const h = block as Obj;
    const e = (raw.expect ?? {}) as Obj;
    const retry = raw.retry as Obj | undefined;
    const retryForMs = retry
      ? duration(retry.for, 'retry', 'for')
      : settles(h, e)
        ? defaults.settleMs
        : undefined;
    const timeoutMs = h.timeout !== undefined ? duration(h.timeout, 'http', 'timeout') : undefined;
    if ((retry && retryForMs === undefined) || (h.timeout !== undefined && timeoutMs === undefined))
      return undefined;
    const expect = expectationOf(e);
    const reading = raw.reading === undefined ? undefined : readingOf(raw.reading);
    const body = h.body as Obj | undefined;
    const operation = typeof body?.operationName === 'string' ? ` (${body.operationName})` : '';
    return {
      kind: 'http',
      ...base,
      title: title(`${String(h.actor)} ${String(h.method)} ${String(h.path)}${operation}`),
      actor: String(h.actor),
      method: h.method as HttpStep['method'],
      path: String(h.path),
      ...(h.query !== undefined ? { query: stringValues(h.query as Obj) } : {}),
      ...(h.body !== undefined ? { body: h.body } : {}),
      ...(typeof h.rawBody === 'string' ? { rawBody: h.rawBody } : {}),
      ...(h.headers !== undefined ? { headers: stringValues(h.headers as Obj) } : {}),
      ...(h.auth !== undefined ? { auth: h.auth as HttpStep['auth'] & object } : {}),
      ...(retryForMs ? { retryForMs } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      expect,
      ...(reading ? { reading } : {}),
    };
  },
  run: runHttpStep,
};
