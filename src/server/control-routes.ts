import { statusCodeError } from './families.js';
import type { Answer } from './http-io.js';
import { decodeSegment, isRecord, parseJson } from './http-io.js';
import { type Interaction, MEDIA_TYPES, type MediaType } from './interaction.js';
import { shownState } from './interaction-view.js';
import type { OperationContext } from './operations.js';
import { CODE } from './outcome.js';
import type { CreateInput } from './store.js';

/** Provisioning and white-box reads for the harness; no user credentials (enabled by option only). */
export function handleControl(ctx: OperationContext, method: string, path: string, text: string): Answer {
  if (method === 'POST' && path === '/reset') {
    ctx.store.reset();
    return { status: 204 };
  }
  if (method === 'POST' && path === '/interactions') return create(ctx, text);
  // Every interaction the server holds, ended ones included: what a run left behind, for white-box checks.
  if (method === 'GET' && path === '/interactions') {
    return { status: 200, body: { interactions: ctx.store.all().map((ix) => controlView(ix, ctx)) } };
  }
  const m = /^\/interactions\/([^/]+)$/.exec(path);
  if (method === 'GET' && m?.[1] !== undefined) {
    const ix = ctx.store.get(decodeSegment(m[1]));
    if (ix === undefined)
      return { status: 404, body: statusCodeError(CODE.notFound, 'interaction not found') };
    return { status: 200, body: controlView(ix, ctx) };
  }
  return { status: 404, body: statusCodeError(CODE.notFound, `no control endpoint ${method} ${path}`) };
}

function create(ctx: OperationContext, text: string): Answer {
  const bad = (code: number, message: string): Answer => ({
    status: 400,
    body: statusCodeError(code, message),
  });
  const parsed = parseJson(text);
  if (parsed === undefined || 'malformed' in parsed || !isRecord(parsed.value)) {
    return bad(CODE.invalidParameter, 'body must be a JSON object');
  }
  const { mediaType, agent, queue, userData } = parsed.value;
  if (mediaType === undefined) return bad(CODE.missingParameter, 'mediaType is required');
  if (!MEDIA_TYPES.includes(mediaType as MediaType)) {
    return bad(CODE.invalidParameter, `mediaType must be one of ${MEDIA_TYPES.join(', ')}`);
  }
  const input: CreateInput = { mediaType: mediaType as MediaType };
  if (agent !== undefined) {
    const user = ctx.fixtures.users.find((u) => u.userId === agent);
    if (user === undefined || !user.roles.includes('agent')) {
      return bad(CODE.invalidParameter, `agent ${String(agent)} is not a known agent`);
    }
    input.agent = user.userId;
  }
  if (queue !== undefined) {
    if (typeof queue !== 'string' || !ctx.fixtures.queues.includes(queue)) {
      return bad(CODE.invalidParameter, `unknown queue ${String(queue)}`);
    }
    input.queue = queue;
  }
  if (userData !== undefined) {
    if (!isRecord(userData)) return bad(CODE.invalidParameter, 'userData must be an object');
    input.userData = userData;
  }
  // Neither agent nor queue: it waits in the default queue.
  if (input.agent === undefined && input.queue === undefined) input.queue = 'support';
  const ix = ctx.store.create(input);
  return { status: 201, body: { id: ix.id } };
}

/** The server-side view: state, parties and history, for white-box checks. */
export function controlView(ix: Interaction, ctx: OperationContext): Record<string, unknown> {
  return {
    id: ix.id,
    mediaType: ix.mediaType,
    state: shownState(ix, ctx.readings),
    owner: ix.owner ?? null,
    invitee: ix.invitee ?? null,
    queue: ix.queue ?? null,
    workbin: ix.workbin ?? null,
    userData: structuredClone(ix.userData),
    parentId: ix.parentId ?? null,
    history: ix.history.map((h) => ({ ...h })),
  };
}
