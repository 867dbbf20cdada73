import type { IncomingMessage } from 'node:http';
import type { Auth, UserSession } from './auth.js';
import { SESSION_COOKIE } from './auth.js';
import { businessStatus, operationAnswer, statusCodeError } from './families.js';
import type { Answer } from './http-io.js';
import { decodeSegment, isRecord, parseJson } from './http-io.js';
import { holderOf, type Interaction } from './interaction.js';
import { interactionView, type ViewContext } from './interaction-view.js';
import {
  getWorkbinContent,
  INTERACTION_OPERATIONS,
  OPERATION_NAMES,
  type OperationContext,
} from './operations.js';
import { CODE, OK } from './outcome.js';
import { deepMergeUserData } from './user-data.js';
import { checkOperationBody, checkUpdateInteractionBody } from './validate-request.js';

export interface ApiContext extends OperationContext {
  auth: Auth;
  view: ViewContext;
  csrf: boolean;
}

const ACCESS_DENIED: Answer = { status: 401, body: statusCodeError(CODE.notAuthenticated, 'Access denied') };

type Role = 'agent' | 'admin';
interface Route {
  method: string;
  pattern: RegExp;
  roles: readonly Role[];
  handle(ctx: ApiContext, caller: UserSession, params: string[], body: string, url: URL): Answer;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/interactions$/, roles: ['agent', 'admin'], handle: listAll },
  { method: 'GET', pattern: /^\/me\/interactions$/, roles: ['agent'], handle: listMine },
  { method: 'GET', pattern: /^\/interactions\/([^/]+)$/, roles: ['agent'], handle: getOne },
  { method: 'PUT', pattern: /^\/interactions\/([^/]+)$/, roles: ['agent'], handle: putOne },
  { method: 'POST', pattern: /^\/me\/interactions\/([^/]+)$/, roles: ['agent'], handle: operation },
];

/** Handles one request under the API base (path already stripped of `/api/v2`). */
export function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  path: string,
  url: URL,
  body: string,
): Answer {
  const method = req.method ?? 'GET';
  let match: { route: Route; params: string[] } | undefined;
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m !== null && route.method === method) {
      match = { route, params: m.slice(1).map(decodeSegment) };
      break;
    }
  }
  if (match === undefined)
    return { status: 404, body: statusCodeError(CODE.notFound, `no endpoint ${method} ${path}`) };

  const caller = authenticate(ctx, req);
  if (caller === undefined) return ACCESS_DENIED;
  const headers = sessionHeaders(ctx, req, caller);
  if (ctx.csrf && method !== 'GET' && req.headers['x-csrf-token'] !== caller.csrfToken) {
    return { status: 403, body: statusCodeError(CODE.forbidden, 'Missing or invalid Csrf token'), headers };
  }
  if (!hasRole(ctx, match.route, caller, path)) {
    return { status: 403, body: statusCodeError(CODE.noPermission, 'the user lacks permission'), headers };
  }
  const answer = match.route.handle(ctx, caller, match.params, body, url);
  return { ...answer, headers: { ...headers, ...answer.headers } };
}

function authenticate(ctx: ApiContext, req: IncomingMessage): UserSession | undefined {
  // With the fault on, a request without Basic credentials is judged as if it carried no cookie.
  const ignoreCookie =
    req.headers.authorization === undefined && ctx.faults.has('ix-auth-03-session-cookie-ignored');
  const session = ignoreCookie ? undefined : ctx.auth.authenticate(req.headers);
  if (session !== undefined) return session;
  const anonymous = req.headers.authorization === undefined && req.headers.cookie === undefined;
  const stand = ctx.auth.user('agent01');
  if (anonymous && stand !== undefined && ctx.faults.has('ix-auth-01-no-credentials-accepted')) {
    return ctx.auth.sessionOf(stand);
  }
  return undefined;
}

function hasRole(ctx: ApiContext, route: Route, caller: UserSession, path: string): boolean {
  if (path === '/me/interactions' && ctx.faults.has('ix-me-04-role-ignored')) return true;
  return route.roles.some((r) => caller.user.roles.includes(r));
}

/** The session cookie on every authenticated answer; the CSRF pair on GET answers when enabled. */
function sessionHeaders(ctx: ApiContext, req: IncomingMessage, caller: UserSession): Record<string, string> {
  const headers: Record<string, string> = {
    'set-cookie': `${SESSION_COOKIE}=${caller.id}; Path=/; HttpOnly`,
  };
  if (ctx.csrf && req.method === 'GET') {
    headers['x-csrf-header'] = 'X-CSRF-TOKEN';
    headers['x-csrf-token'] = caller.csrfToken;
  }
  return headers;
}

function listAll(ctx: ApiContext): Answer {
  const keepCompleted = ctx.faults.has('ix-complete-05-still-listed');
  const listed = ctx.store.all().filter((ix) => keepCompleted || ix.state !== 'Completed');
  return {
    status: 200,
    body: { statusCode: 0, interactions: listed.map((ix) => interactionView(ix, ctx.view)) },
  };
}

const ACTIVE_FOR_AGENT = new Set(['Invited', 'Processing', 'Composing']);

function listMine(ctx: ApiContext, caller: UserSession, _p: string[], _b: string, url: URL): Answer {
  const everyone = ctx.faults.has('ix-me-03-others-listed');
  const mine = ctx.store
    .all()
    .filter((ix) => ACTIVE_FOR_AGENT.has(ix.state) && (everyone || holderOf(ix) === caller.user.userId));
  if (url.searchParams.get('fields') === '*') {
    return {
      status: 200,
      body: { statusCode: 0, interactions: mine.map((ix) => interactionView(ix, ctx.view)) },
    };
  }
  const relative = ctx.faults.has('ix-me-05-relative-uris');
  const uris = mine.map((ix) =>
    relative ? `/interactions/${ix.id}` : `${ctx.view.baseUrl}/interactions/${ix.id}`,
  );
  return { status: 200, body: { statusCode: 0, uris } };
}

/** Finds the caller's interaction for GET/PUT: unknown → 6, another agent's → 3. */
function ownInteraction(ctx: ApiContext, caller: string, id: string): Interaction | Answer {
  const ix = ctx.store.get(id);
  const status = businessStatus(ctx.faults);
  if (ix === undefined)
    return { status, body: statusCodeError(CODE.notFound, `interaction ${id} not found`) };
  if (holderOf(ix) !== caller && !ctx.faults.has('ix-get-03-others-allowed')) {
    return { status, body: statusCodeError(CODE.forbidden, 'interaction belongs to another agent') };
  }
  return ix;
}

function getOne(ctx: ApiContext, caller: UserSession, [id = '']: string[]): Answer {
  const ix = ownInteraction(ctx, caller.user.userId, id);
  if (!('id' in ix)) return ix;
  return { status: 200, body: { statusCode: 0, interaction: interactionView(ix, ctx.view) } };
}

function putOne(ctx: ApiContext, caller: UserSession, [id = '']: string[], text: string): Answer {
  const status = businessStatus(ctx.faults);
  const parsed = parseJson(text);
  if (parsed === undefined || 'malformed' in parsed) {
    return { status, body: statusCodeError(CODE.invalidParameter, 'body is not JSON') };
  }
  if (isRecord(parsed.value) && parsed.value.userData === undefined) {
    return { status, body: statusCodeError(CODE.missingParameter, 'userData is required') };
  }
  const check = checkUpdateInteractionBody(parsed.value);
  if (!check.ok) return { status, body: statusCodeError(CODE.invalidParameter, check.message) };
  const ix = ownInteraction(ctx, caller.user.userId, id);
  if (!('id' in ix)) return ix;
  if (ix.state !== 'Processing' || ix.owner !== caller.user.userId) {
    return { status, body: statusCodeError(CODE.invalidParameter, `not valid in state ${ix.state}`) };
  }
  const given = (parsed.value as { userData: Record<string, unknown> }).userData;
  ctx.store.setUserData(ix, deepMergeUserData(ix.userData, given));
  return { status: 200, body: { statusCode: 0 } };
}

/** POST /me/interactions/{id}: input errors first, then the operation, answered in its family. */
function operation(ctx: ApiContext, caller: UserSession, [id = '']: string[], text: string): Answer {
  const status = businessStatus(ctx.faults);
  const parsed = parseJson(text);
  if (parsed === undefined || 'malformed' in parsed) {
    return { status, body: statusCodeError(CODE.invalidParameter, 'body is not JSON') };
  }
  const body = parsed.value;
  if (!isRecord(body) || body.operationName === undefined) {
    return { status, body: statusCodeError(CODE.missingParameter, 'operationName is required') };
  }
  const name = body.operationName;
  if (typeof name !== 'string' || !OPERATION_NAMES.includes(name)) {
    return {
      status,
      body: statusCodeError(CODE.invalidParameter, `unknown operationName ${JSON.stringify(name)}`),
    };
  }
  if (name === 'Transfer' && body.userId === undefined) {
    return operationAnswer(
      name,
      { ok: false, code: CODE.missingParameter, message: 'userId is required' },
      ctx.faults,
    );
  }
  if (
    name === 'PlaceInQueue' &&
    body.queueName === undefined &&
    ctx.faults.has('ix-queue-03-missing-queue-accepted')
  ) {
    body.queueName = 'support';
  }
  const check = checkOperationBody(body);
  if (!check.ok) {
    return operationAnswer(
      name,
      { ok: false, code: CODE.invalidParameter, message: check.message },
      ctx.faults,
    );
  }
  const req = { caller: caller.user.userId, operationName: name, body };
  if (name === 'GetWorkbinContent') {
    return operationAnswer(
      name,
      ctx.notifier.withReference(body.referenceId, () => getWorkbinContent(req, ctx)),
      ctx.faults,
    );
  }
  const ix = ctx.store.get(id);
  if (ix === undefined) {
    if (ctx.faults.has('ix-op-04-unknown-id-ok')) return operationAnswer(name, OK, ctx.faults);
    const unknown = { ok: false as const, code: CODE.notFound, message: `interaction ${id} not found` };
    return operationAnswer(name, unknown, ctx.faults);
  }
  const handler = INTERACTION_OPERATIONS[name];
  if (handler === undefined)
    return operationAnswer(name, { ok: false, code: CODE.internal, message: 'no handler' }, ctx.faults);
  return operationAnswer(
    name,
    ctx.notifier.withReference(body.referenceId, () => handler(ix, req, ctx)),
    ctx.faults,
  );
}
