import type { HttpExpectation, HttpStep, ProvisionAction, SourcePos, Step } from '../../model/index.js';
import { buildTogether } from './build-together.js';
import { DURATION_HELP, parseDuration } from './duration.js';
import type { ExpandedStep } from './fragments.js';
import { type LoadProblem, problemAt } from './problem.js';
import { buildReading, buildWhen, type ReadingLookup } from './readings.js';

export const DEFAULT_CHANNEL = '/v2/me/interactions';
const MEDIA_TYPES = ['chat', 'email', 'workitem'];

type Obj = Record<string, unknown>;

export interface BuildOptions {
  /** Default `within` of a message step. */
  messageTimeoutMs: number;
  /** The reading catalogue, for `reading:` steps that take its options' expectations. */
  readings: ReadingLookup;
}

/** Turns a schema-valid, expanded step into the model's Step; `undefined` when it cannot be built. */
export function buildStep(step: ExpandedStep, opts: BuildOptions, problems: LoadProblem[]): Step | undefined {
  const { raw } = step;
  const place = (...sub: Array<string | number>) =>
    step.via?.place ?? step.source.placeOf([...step.path, ...sub]);
  const p = place();
  const pos: SourcePos = { file: p.file, line: p.line, col: p.col };
  const when = buildWhen(raw.when);
  const base = {
    pos,
    ...(when ? { when } : {}),
    requirements: Array.isArray(raw.requirements) ? raw.requirements.map(String) : [],
    ...(raw.capture ? { capture: raw.capture as Record<string, string> } : {}),
    ...(typeof raw.label === 'string' ? { label: raw.label } : {}),
  };
  const title = (derived: string) => (typeof raw.title === 'string' ? raw.title : derived);
  const duration = (value: unknown, ...sub: Array<string | number>): number | undefined => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      problems.push(
        problemAt(place(...sub), 'E_DURATION', `bad duration ${JSON.stringify(value)}`, {
          rule: 'duration',
          expected: DURATION_HELP,
        }),
      );
    }
    return ms;
  };

  if (raw.http !== undefined) return buildHttp(raw, base, title, duration, opts.readings);
  if (raw.message !== undefined) {
    const m = raw.message as Obj;
    const withinMs = m.within === undefined ? opts.messageTimeoutMs : duration(m.within, 'message', 'within');
    if (withinMs === undefined) return undefined;
    return {
      kind: 'message',
      ...base,
      title: title(`${String(m.actor)} receives ${describeMessage(m.match)}`),
      actor: String(m.actor),
      channel: typeof m.channel === 'string' ? m.channel : DEFAULT_CHANNEL,
      match: m.match,
      ...(typeof m.exact === 'boolean' ? { exact: m.exact } : {}),
      ...(typeof m.variant === 'string' ? { variant: m.variant } : {}),
      withinMs,
      count: typeof m.count === 'number' ? m.count : 1,
      ...(typeof m.since === 'string' ? { since: m.since } : {}),
      ...(typeof m.after === 'string' ? { after: m.after } : {}),
    };
  }
  if (raw['no-message'] !== undefined) {
    const m = raw['no-message'] as Obj;
    const withinMs = duration(m.within, 'no-message', 'within');
    if (withinMs === undefined) return undefined;
    return {
      kind: 'no-message',
      ...base,
      title: title(
        `${String(m.actor)} receives ${m.match === undefined ? 'nothing' : 'no such message'} within ${withinMs} ms`,
      ),
      actor: String(m.actor),
      channel: typeof m.channel === 'string' ? m.channel : DEFAULT_CHANNEL,
      ...(m.match !== undefined ? { match: m.match } : {}),
      withinMs,
    };
  }
  if (raw.provision !== undefined) {
    const provision = buildProvision(raw.provision, place('provision'), problems);
    if (!provision) return undefined;
    const derived =
      provision.action === 'reset'
        ? 'reset the target'
        : `create a ${provision.mediaType} interaction${provision.agent ? ` for ${provision.agent}` : ''}${provision.queue ? ` in ${provision.queue}` : ''}`;
    return { kind: 'provision', ...base, title: title(derived), provision };
  }
  if (raw.together !== undefined) return buildTogether(step, base, title, opts.readings, problems);
  if (raw.wait !== undefined) {
    const ms = duration(raw.wait, 'wait');
    if (ms === undefined) return undefined;
    return { kind: 'wait', ...base, title: title(`wait ${ms} ms`), ms };
  }
  return undefined;
}

function buildHttp(
  raw: Obj,
  base: Omit<HttpStep, 'kind' | 'title' | 'actor' | 'method' | 'path' | 'expect'>,
  title: (derived: string) => string,
  duration: (value: unknown, ...sub: Array<string | number>) => number | undefined,
  readings: ReadingLookup,
): HttpStep | undefined {
  const h = raw.http as Obj;
  const e = (raw.expect ?? {}) as Obj;
  const retry = raw.retry as Obj | undefined;
  const retryForMs = retry ? duration(retry.for, 'retry', 'for') : undefined;
  const timeoutMs = h.timeout !== undefined ? duration(h.timeout, 'http', 'timeout') : undefined;
  if ((retry && retryForMs === undefined) || (h.timeout !== undefined && timeoutMs === undefined))
    return undefined;
  const expect: HttpExpectation = {
    ...(e.status !== undefined ? { status: e.status as number | number[] | string } : {}),
    ...(typeof e.variant === 'string' ? { variant: e.variant } : {}),
    ...(e.body !== undefined ? { body: e.body } : {}),
    ...(typeof e.exact === 'boolean' ? { exact: e.exact } : {}),
    ...(e.headers !== undefined ? { headers: e.headers as Record<string, unknown> } : {}),
  };
  const reading = raw.reading === undefined ? undefined : buildReading(raw.reading, readings);
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
    ...(retryForMs !== undefined ? { retryForMs } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    expect,
    ...(reading ? { reading } : {}),
  };
}

function buildProvision(
  raw: unknown,
  place: ReturnType<ExpandedStep['source']['placeOf']>,
  problems: LoadProblem[],
): ProvisionAction | undefined {
  if (raw === 'reset') return { action: 'reset' };
  const create = (raw as { create: Obj }).create;
  const mediaType = String(create.mediaType);
  if (!MEDIA_TYPES.includes(mediaType)) {
    problems.push(
      problemAt(place, 'E_SCHEMA', `unknown mediaType "${mediaType}"`, {
        rule: 'enum',
        expected: `one of ${MEDIA_TYPES.join(', ')}`,
      }),
    );
    return undefined;
  }
  return {
    action: 'create',
    mediaType: mediaType as 'chat' | 'email' | 'workitem',
    ...(create.agent !== undefined ? { agent: String(create.agent) } : {}),
    ...(create.queue !== undefined ? { queue: String(create.queue) } : {}),
    ...(create.userData !== undefined ? { userData: create.userData as Obj } : {}),
  };
}

function stringValues(obj: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)]));
}

/** `StatusChange Processing` from a match pattern, for derived titles. */
function describeMessage(match: unknown): string {
  const data = (match as { data?: Obj } | undefined)?.data;
  const type =
    typeof data?.notificationType === 'string'
      ? data.notificationType
      : typeof data?.messageType === 'string'
        ? data.messageType
        : 'a message';
  const state = (data?.interaction as Obj | undefined)?.state;
  return typeof state === 'string' ? `${type} ${state}` : type;
}
