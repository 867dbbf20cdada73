import type { ActorHttp, HttpOutcome } from '../../http/index.js';
import { fail, ok, type PreflightCheck, type UserRef, userLabel, warn } from './types.js';
import { contentTypeOf, noAnswer, statusCodeOf } from './words.js';

/** One user's authenticated `GET <base>/me/interactions`: it shows the base, the login and the role. */
export interface UserProbe {
  user: UserRef;
  http: ActorHttp;
  outcome: HttpOutcome;
}

export async function probeUser(user: UserRef, http: ActorHttp, url: string, timeoutMs: number) {
  const outcome = await http.send({ method: 'GET', url, auth: 'actor', timeoutMs });
  return { user, http, outcome } satisfies UserProbe;
}

export type BaseVerdict = 'api' | 'not-api' | 'silent';

/**
 * Check 1: the base answers like the Interactions API. A JSON `statusCode` 0 proves it; a JSON refusal
 * (401/403 with a `statusCode`) is the API refusing this user, which the login check reports. Anything
 * else (404, HTML, not JSON) means the base URL points elsewhere.
 */
export function baseCheck(
  outcome: HttpOutcome,
  baseUrl: string,
  timeoutMs: number,
  /** Where the base URL was set: the message names that place. */
  baseUrlFrom = 'target.baseUrl (--target)',
): { verdict: BaseVerdict; check: PreflightCheck } {
  const url = `${baseUrl}/me/interactions`;
  const res = outcome.exchange.response;
  if (!res || outcome.failure) {
    const failure = outcome.failure ?? { kind: 'other' as const, code: 'UNKNOWN', message: 'no answer' };
    return {
      verdict: 'silent',
      check: fail(
        `the target does not answer: ${noAnswer(`GET ${url}`, failure, timeoutMs)}; check ${baseUrlFrom} and that the server is running`,
      ),
    };
  }
  const code = statusCodeOf(res.body);
  if (
    (res.status === 200 && code === 0) ||
    ((res.status === 401 || res.status === 403) && code !== undefined)
  ) {
    return { verdict: 'api', check: ok(`the base URL answers like the Interactions API (GET ${url})`) };
  }
  return {
    verdict: 'not-api',
    check: fail(
      `the base URL does not look like the Interactions API: GET ${url} answered ${res.status} ${contentTypeOf(res.headers)}${code === undefined ? '' : ` (statusCode ${code})`}; check ${baseUrlFrom}, expected ${expectedBase(baseUrl)}`,
    ),
  };
}

function expectedBase(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return u.pathname.replace(/\/+$/, '').endsWith('/api/v2') ? '…/api/v2' : `${u.origin}/api/v2`;
  } catch {
    return '…/api/v2';
  }
}

/** Check 2: the target accepts the user's credentials. Never shows the password. */
export function loginCheck(p: UserProbe, timeoutMs: number, configFile: string | undefined): PreflightCheck {
  const who = userLabel(p.user);
  const res = p.outcome.exchange.response;
  if (!res || p.outcome.failure) {
    const failure = p.outcome.failure ?? { kind: 'other' as const, code: 'UNKNOWN', message: 'no answer' };
    return fail(`${who}: ${noAnswer(`GET ${p.outcome.exchange.request.url}`, failure, timeoutMs)}`);
  }
  const code = statusCodeOf(res.body);
  if (res.status === 401 || code === 20) {
    const where = configFile ?? 'the configuration';
    return fail(
      `${who}: the target refused its credentials (HTTP ${res.status}${code === undefined ? '' : `, statusCode ${code}`}): check the password in ${where} or the \${env:…} variable it names`,
    );
  }
  if (res.status === 200 || res.status === 403) return ok(`${p.user.username} logs in over HTTP`);
  return fail(
    `${who}: GET ${p.outcome.exchange.request.url} answered ${res.status} ${contentTypeOf(res.headers)}, neither a login nor a refusal`,
  );
}

/**
 * Check 5: the role looks as configured, from the same answer. An agent lists /me/interactions; an
 * admin or a user without a role is refused there. `undefined` when the user did not log in.
 */
export function roleCheck(p: UserProbe): PreflightCheck | undefined {
  const res = p.outcome.exchange.response;
  if (!res || p.outcome.failure) return undefined;
  const code = statusCodeOf(res.body);
  const accepted = res.status === 200 && code === 0;
  const refused = res.status === 403;
  if (!accepted && !refused) return undefined;
  const who = userLabel(p.user);
  if (p.user.group === 'agents') {
    return accepted
      ? ok(`${p.user.username} lists /me/interactions, as an agent`)
      : fail(
          `${who}: logs in but may not list /me/interactions (HTTP ${res.status}${code === undefined ? '' : `, statusCode ${code}`}): the user does not look like an agent; check actors.agents`,
        );
  }
  const role = p.user.group === 'admins' ? 'an admin' : 'a user without a role';
  return refused
    ? ok(`${p.user.username} is refused /me/interactions, as ${role}`)
    : warn(
        `${who}: was allowed to list /me/interactions: the user does not look like ${role} (who is refused there); check actors.${p.user.group}`,
      );
}
