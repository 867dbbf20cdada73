import type { Leftover } from '../../model/index.js';
import { describeError, type LiveActor } from '../steps/index.js';

/** The most a scenario's cleanup may take, whatever the request timeout. */
export const CLEANUP_BUDGET_MS = 5_000;

export interface CleanupInput {
  /** The API base, ending in `/api/v2`. */
  baseUrl: string;
  requestMs: number;
  /** Bound on the whole cleanup; `CLEANUP_BUDGET_MS` by default. */
  budgetMs?: number;
  /** The scenario's agents: what they still hold is ended through the API, as them. */
  agents: LiveActor[];
  /** An actor allowed to list every interaction (an agent or an admin), to find the provisioned ones. */
  lister?: LiveActor | undefined;
  /** Ids the scenario's provision steps created. */
  provisioned: string[];
}

interface Held {
  id: string;
  state?: string;
  capabilities?: string[];
  queue?: string;
  workbin?: string;
}

/** States in which nothing is left to end. */
const ENDED = new Set(['Completed', 'Revoked']);

/**
 * Ends, through the API and as the scenario's own agents, what they still hold: a Composing reply is
 * cancelled, an invitation accepted then completed, a Processing interaction completed (never
 * rejected: a Reject offers it to someone else, maybe another scenario's agent). Then the provisioned
 * interactions nobody holds (in a queue or a workbin, which no agent operation can take back) are
 * looked up. Whatever is still live is returned as a leftover. Bounded by the budget; never throws.
 */
export async function cleanUpScenario(input: CleanupInput): Promise<Leftover[]> {
  try {
    return await cleanUp(input);
  } catch (err) {
    return [{ id: '*', reason: `cleanup failed: ${describeError(err)}` }];
  }
}

async function cleanUp(input: CleanupInput): Promise<Leftover[]> {
  const deadline = Date.now() + (input.budgetMs ?? CLEANUP_BUDGET_MS);
  const api = new CleanupApi(input.baseUrl, input.requestMs, deadline);
  const provisioned = new Set(input.provisioned);
  const perAgent = await Promise.all(input.agents.map((agent) => endHeld(api, agent, provisioned)));
  const leftovers = perAgent.flatMap((a) => a.left);
  const seen = new Set(perAgent.flatMap((a) => a.held));
  // A provisioned interaction an agent held was ended above, or is already a leftover.
  const unseen = input.provisioned.filter((id) => !seen.has(id) && !leftovers.some((l) => l.id === id));
  if (unseen.length === 0) return leftovers;
  if (!input.lister) {
    for (const id of unseen)
      leftovers.push({ id, reason: 'not checked: no actor of the scenario may list interactions' });
    return leftovers;
  }
  const all = await api.list(input.lister, '/interactions');
  if (typeof all === 'string') {
    for (const id of unseen) leftovers.push({ id, reason: `not checked: ${all}` });
    return leftovers;
  }
  for (const id of unseen) {
    const found = all.find((h) => h.id === id);
    // A queued interaction may be named Revoked (a reading): its queue says it still waits.
    if (!found || (isEnded(found) && found.queue === undefined && found.workbin === undefined)) continue;
    leftovers.push({
      id,
      ...(found.state === undefined ? {} : { state: found.state }),
      reason: unreachableReason(found),
    });
  }
  return leftovers;
}

function unreachableReason(ix: Held): string {
  if (ix.state === 'Queued' || (ix.queue !== undefined && ix.state !== 'InWorkbin'))
    return `waits in queue ${ix.queue ?? '(unnamed)'}: no operation of the API lets an agent take it from a queue`;
  if (ix.state === 'InWorkbin' || ix.workbin !== undefined)
    return `sits in workbin ${ix.workbin ?? '(unnamed)'}: no operation of the API lets an agent take it from a workbin`;
  return `held by no actor of the scenario (${ix.state ?? 'state unknown'})`;
}

/**
 * One agent: list, end each interaction the capabilities allow, list again; what remains is left.
 * An interaction no operation can end (parked in a workbin that keeps it in its owner's listing, a
 * reading the seed allows) is reported only by the scenario that created it, not by every later
 * scenario of that agent.
 */
async function endHeld(
  api: CleanupApi,
  agent: LiveActor,
  provisioned: ReadonlySet<string>,
): Promise<{ left: Leftover[]; held: string[] }> {
  const before = await api.list(agent, '/me/interactions?fields=*');
  if (typeof before === 'string')
    return { left: [{ id: '*', actor: agent.name, reason: `not checked: ${before}` }], held: [] };
  const held = before.map((h) => h.id);
  if (before.length === 0) return { left: [], held };
  const order = (h: Held) => (h.state === 'Composing' ? 0 : h.state === 'Invited' ? 1 : 2);
  const failures = new Map<string, string>();
  const parkedElsewhere = new Set<string>();
  // One at a time: a reply is cancelled before its parent email is completed.
  for (const held of [...before].sort((a, b) => order(a) - order(b))) {
    if (isEnded(held)) continue;
    if (endingOperations(held) === undefined) {
      if (provisioned.has(held.id)) failures.set(held.id, parkedReason(held));
      else parkedElsewhere.add(held.id);
      continue;
    }
    const failure = await endOne(api, agent, held);
    if (failure !== undefined) failures.set(held.id, failure);
  }
  const after = await api.list(agent, '/me/interactions?fields=*');
  const remaining =
    typeof after === 'string'
      ? before.filter((h) => failures.has(h.id))
      : after.filter((h) => !isEnded(h) && !parkedElsewhere.has(h.id));
  const left = remaining.map((h) => ({
    id: h.id,
    ...(h.state === undefined ? {} : { state: h.state }),
    actor: agent.name,
    reason: failures.get(h.id) ?? 'still listed after the cleanup ended it',
  }));
  return { left, held };
}

/** Why an interaction no capability ends is left: where it waits, else its state and capabilities. */
function parkedReason(h: Held): string {
  if (h.state === 'Queued' || h.state === 'InWorkbin' || h.queue !== undefined || h.workbin !== undefined)
    return unreachableReason(h);
  return `no capability ends it (state ${h.state ?? 'unknown'}, capabilities [${(h.capabilities ?? []).join(', ')}])`;
}

function isEnded(h: Held): boolean {
  return h.state !== undefined && ENDED.has(h.state);
}

/** The operations that end it, by its capabilities (by its state when it lists none). */
function endingOperations(h: Held): string[] | undefined {
  const can = (op: string) => h.capabilities?.includes(op) === true;
  if (can('Cancel') || (h.capabilities === undefined && h.state === 'Composing')) return ['Cancel'];
  if (can('Accept') || (h.capabilities === undefined && h.state === 'Invited')) return ['Accept', 'Complete'];
  if (can('Complete') || (h.capabilities === undefined && h.state === 'Processing')) return ['Complete'];
  return undefined;
}

async function endOne(api: CleanupApi, agent: LiveActor, held: Held): Promise<string | undefined> {
  const ops = endingOperations(held);
  if (ops === undefined) return parkedReason(held);
  for (const op of ops) {
    const refused = await api.operate(agent, held.id, op);
    if (refused !== undefined) return `${op} failed: ${refused}`;
  }
  return undefined;
}

/** The few requests the cleanup makes, each bounded by the request timeout and the overall deadline. */
class CleanupApi {
  readonly #base: string;
  readonly #requestMs: number;
  readonly #deadline: number;

  constructor(baseUrl: string, requestMs: number, deadline: number) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#requestMs = requestMs;
    this.#deadline = deadline;
  }

  #timeout(): number | undefined {
    const left = this.#deadline - Date.now();
    return left <= 0 ? undefined : Math.min(this.#requestMs, left);
  }

  /** The interactions a listing answers, or why it could not be read. */
  async list(actor: LiveActor, path: string): Promise<Held[] | string> {
    const timeoutMs = this.#timeout();
    if (timeoutMs === undefined) return 'the cleanup ran out of time';
    const { exchange } = await actor.http.send({
      method: 'GET',
      url: `${this.#base}${path}`,
      auth: 'actor',
      timeoutMs,
    });
    const res = exchange.response;
    if (!res) return `GET ${path}: ${exchange.error ?? 'no answer'}`;
    const list = (res.body as { interactions?: unknown } | undefined)?.interactions;
    if (res.status < 200 || res.status >= 300 || !Array.isArray(list))
      return `GET ${path} answered HTTP ${res.status} without an interaction list`;
    return list.flatMap((item): Held[] => {
      const h = heldOf(item);
      return h ? [h] : [];
    });
  }

  /** Undefined when the operation succeeded, else what went wrong. */
  async operate(actor: LiveActor, id: string, operationName: string): Promise<string | undefined> {
    const timeoutMs = this.#timeout();
    if (timeoutMs === undefined) return 'the cleanup ran out of time';
    const { exchange } = await actor.http.send({
      method: 'POST',
      url: `${this.#base}/me/interactions/${encodeURIComponent(id)}`,
      auth: 'actor',
      timeoutMs,
      body: { operationName },
    });
    const res = exchange.response;
    if (!res) return exchange.error ?? 'no answer';
    if (res.status < 200 || res.status >= 300)
      return `HTTP ${res.status} ${res.bodyText?.slice(0, 120) ?? ''}`;
    const body = res.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object') {
      if (body.status === 'error') return String(body.errorDescription ?? 'status error');
      if (typeof body.statusCode === 'number' && body.statusCode !== 0)
        return `statusCode ${body.statusCode}: ${String(body.statusMessage ?? '')}`;
      if (typeof body.status === 'number' && body.status !== 0) return `status ${body.status}`;
    }
    return undefined;
  }
}

/** An interaction of a listing, in either notification form (envelope or flat). */
function heldOf(item: unknown): Held | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const r = item as Record<string, unknown>;
  if (typeof r.id !== 'string') return undefined;
  const held: Held = { id: r.id };
  if (typeof r.state === 'string') held.state = r.state;
  if (Array.isArray(r.capabilities))
    held.capabilities = r.capabilities.filter((c): c is string => typeof c === 'string');
  if (typeof r.queue === 'string') held.queue = r.queue;
  if (typeof r.workbin === 'string') held.workbin = r.workbin;
  return held;
}
