import type { IncomingMessage } from 'node:http';
import type { Auth, UserSession } from './auth.js';
import { SESSION_COOKIE } from './auth.js';
import { operationAnswer, statusCodeError, statusCodeRefusal } from './families.js';
import type { Answer } from './http-io.js';
import { decodeSegment, isRecord, parseJson } from './http-io.js';
import { holderOf, type Interaction } from './interaction.js';
import { interactionView, type ViewContext } from './interaction-view.js';
import {
  getWorkbinContent,
  INTERACTION_OPERATIONS,
  OPERATION_NAMES,
  type OperationContext,
  type OperationRequest,
  updateUserData,
} from './operations.js';
import { CODE, fail, OK, type Outcome } from './outcome.js';
import { lostUpdate, nonAtomicAccept } from './racy-faults.js';
import { attachUserData } from './user-data.js';
import { checkOperationBody, checkUpdateInteractionBody } from './validate-request.js';

export interface ApiContext extends OperationContext {
  auth: Auth;
  view: ViewContext;
  csrf: boolean;
}

/** Refused credentials: HTTP 401 (reading auth-refusal-http-status `http-401`) or 403 (`http-403`). */
function accessDenied(ctx: ApiContext): Answer {
  const status = ctx.readings.is('auth-refusal-http-status', 'http-403') ? 403 : 401;
  return { status, body: statusCodeError(CODE.notAuthenticated, 'Access denied') };
}

type Role = 'agent' | 'admin';
interface Route {
  method: string;
  pattern: RegExp;
  roles: readonly Role[];
  handle(
    ctx: ApiContext,
    caller: UserSession,
    params: string[],
    body: string,
    url: URL,
  ): Answer | Promise<Answer>;
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
): Answer | Promise<Answer> {
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
  if (caller === undefined) return accessDenied(ctx);
  const headers = sessionHeaders(ctx, req, caller);
  if (ctx.csrf && method !== 'GET' && req.headers['x-csrf-token'] !== caller.csrfToken) {
    return { status: 403, body: statusCodeError(CODE.forbidden, 'Missing or invalid Csrf token'), headers };
  }
  if (!hasRole(ctx, match.route, caller, path)) {
    // Reading role-refusal-http-status: HTTP 403 (`http-403`) or 200 with the refusal in the body (`http-200`).
    const status = ctx.readings.is('role-refusal-http-status', 'http-200') ? 200 : 403;
    return { status, body: statusCodeError(CODE.noPermission, 'the user lacks permission'), headers };
  }
  const answer = match.route.handle(ctx, caller, match.params, body, url);
  const withHeaders = (a: Answer): Answer => ({ ...a, headers: { ...headers, ...a.headers } });
  // Only the atomicity faults answer later (racy-faults.ts); every other answer is decided at once.
  return answer instanceof Promise ? answer.then(withHeaders) : withHeaders(answer);
}

function authenticate(ctx: ApiContext, req: IncomingMessage): UserSession | undefined {
  // Reading session-cookie-http `ignored`: a request without Basic credentials is judged as if it
  // carried no cookie (the cookie still authenticates the CometD handshake).
  const ignoreCookie =
    req.headers.authorization === undefined && ctx.readings.is('session-cookie-http', 'ignored');
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

/**
 * Reading workbin-owner-listing `stays`: an interaction in a workbin is still listed by the agent
 * who placed it there (the agent its InWorkbin change was notified to); it no longer holds it.
 */
function placedInWorkbinBy(ctx: ApiContext, ix: Interaction): string | undefined {
  if (ix.state !== 'InWorkbin' || !ctx.readings.is('workbin-owner-listing', 'stays')) return undefined;
  return ix.history.at(-1)?.agent;
}

function listMine(ctx: ApiContext, caller: UserSession, _p: string[], _b: string, url: URL): Answer {
  const everyone = ctx.faults.has('ix-me-03-others-listed');
  const me = caller.user.userId;
  const mine = ctx.store
    .all()
    .filter(
      (ix) =>
        (ACTIVE_FOR_AGENT.has(ix.state) && (everyone || holderOf(ix) === me)) ||
        placedInWorkbinBy(ctx, ix) === me,
    );
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

/**
 * Finds the caller's interaction for GET/PUT: unknown → 6, another agent's → 3 (5 under
 * others-interaction-code `code-5`). A read of another agent's interaction is answered under
 * others-interaction-read `answered`.
 */
function ownInteraction(ctx: ApiContext, caller: string, id: string, read: boolean): Interaction | Answer {
  const ix = ctx.store.get(id);
  if (ix === undefined) return statusCodeRefusal(ctx, fail(CODE.notFound, `interaction ${id} not found`));
  if (holderOf(ix) !== caller && !(read && ctx.readings.is('others-interaction-read', 'answered'))) {
    return statusCodeRefusal(ctx, fail(CODE.forbidden, 'interaction belongs to another agent'));
  }
  return ix;
}

function getOne(ctx: ApiContext, caller: UserSession, [id = '']: string[]): Answer {
  const ix = ownInteraction(ctx, caller.user.userId, id, true);
  if (!('id' in ix)) return ix;
  return { status: 200, body: { statusCode: 0, interaction: interactionView(ix, ctx.view) } };
}

function putOne(ctx: ApiContext, caller: UserSession, [id = '']: string[], text: string): Answer {
  const parsed = parseJson(text);
  if (parsed === undefined || 'malformed' in parsed) {
    return statusCodeRefusal(ctx, fail(CODE.invalidParameter, 'body is not JSON'));
  }
  if (isRecord(parsed.value) && parsed.value.userData === undefined) {
    return statusCodeRefusal(ctx, fail(CODE.missingParameter, 'userData is required'));
  }
  const check = checkUpdateInteractionBody(parsed.value);
  if (!check.ok) return statusCodeRefusal(ctx, fail(CODE.invalidParameter, check.message));
  const ix = ownInteraction(ctx, caller.user.userId, id, false);
  if (!('id' in ix)) return ix;
  if (ix.state !== 'Processing' || ix.owner !== caller.user.userId) {
    return statusCodeRefusal(ctx, fail(CODE.invalidParameter, `not valid in state ${ix.state}`, 'state'));
  }
  const given = (parsed.value as { userData: Record<string, unknown> }).userData;
  ctx.store.setUserData(ix, updateUserData(ix.userData, given, ctx.readings));
  return { status: 200, body: { statusCode: 0 } };
}

/** POST /me/interactions/{id}: input errors first, then the operation, answered in its family. */
function operation(
  ctx: ApiContext,
  caller: UserSession,
  [id = '']: string[],
  text: string,
): Answer | Promise<Answer> {
  const parsed = parseJson(text);
  // Reading malformed-body-code: a body that is not JSON, or JSON that is not an object, is 2
  // (`code-2`, not valid) or 1 (`code-1`, operationName missing).
  const malformedCode = ctx.readings.is('malformed-body-code', 'code-1')
    ? CODE.missingParameter
    : CODE.invalidParameter;
  if (parsed === undefined || 'malformed' in parsed) {
    return statusCodeRefusal(ctx, fail(malformedCode, 'body is not JSON'));
  }
  const body = parsed.value;
  if (!isRecord(body)) return statusCodeRefusal(ctx, fail(malformedCode, 'body is not a JSON object'));
  if (body.operationName === undefined) {
    return statusCodeRefusal(ctx, fail(CODE.missingParameter, 'operationName is required'));
  }
  const name = body.operationName;
  // Reading empty-operation-name-code: "" is an unknown name (`code-2`) or a missing one (`code-1`).
  if (name === '' && ctx.readings.is('empty-operation-name-code', 'code-1')) {
    return statusCodeRefusal(ctx, fail(CODE.missingParameter, 'operationName is required'));
  }
  if (typeof name !== 'string' || !OPERATION_NAMES.includes(name)) {
    return statusCodeRefusal(
      ctx,
      fail(CODE.invalidParameter, `unknown operationName ${JSON.stringify(name)}`),
    );
  }
  if (name === 'Transfer' && body.userId === undefined) {
    return operationAnswer(name, fail(CODE.missingParameter, 'userId is required'), ctx);
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
    return operationAnswer(name, fail(CODE.invalidParameter, check.message), ctx);
  }
  const req = { caller: caller.user.userId, operationName: name, body };
  if (name === 'GetWorkbinContent') {
    return operationAnswer(
      name,
      ctx.notifier.withReference(body.referenceId, () => getWorkbinContent(req, ctx)),
      ctx,
    );
  }
  const ix = ctx.store.get(id);
  if (ix === undefined) {
    if (ctx.faults.has('ix-op-04-unknown-id-ok')) return operationAnswer(name, OK, ctx);
    return operationAnswer(name, fail(CODE.notFound, `interaction ${id} not found`), ctx);
  }
  const racy = racyOperation(ix, req, ctx);
  if (racy !== undefined) return racy.then((outcome) => operationAnswer(name, outcome, ctx));
  const handler = INTERACTION_OPERATIONS[name];
  if (handler === undefined) return operationAnswer(name, fail(CODE.internal, 'no handler'), ctx);
  return operationAnswer(
    name,
    ctx.notifier.withReference(body.referenceId, () => handler(ix, req, ctx)),
    ctx,
  );
}

/** The atomicity faults, when one is switched on for this operation (undefined otherwise). */
function racyOperation(
  ix: Interaction,
  req: OperationRequest,
  ctx: ApiContext,
): Promise<Outcome> | undefined {
  const { operationName } = req;
  if (operationName === 'Accept' && ctx.faults.has('ix-accept-07-non-atomic'))
    return nonAtomicAccept(ix, req, ctx);
  if (!ctx.faults.has('ix-udata-14-lost-update')) return undefined;
  if (operationName === 'AttachUserData') return lostUpdate(ix, req, ctx, attachUserData);
  if (operationName === 'UpdateUserData')
    return lostUpdate(ix, req, ctx, (current, given) => updateUserData(current, given, ctx.readings));
  return undefined;
}
