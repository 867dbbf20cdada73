import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FixtureUser } from './fixtures.js';

export const SESSION_COOKIE = 'JSESSIONID';

export interface UserSession {
  id: string;
  user: FixtureUser;
  csrfToken: string;
}

/**
 * Basic credentials or the JSESSIONID cookie. One session per user, made at the first Basic login
 * and reused after, so a client that drops the cookie still meets the same CSRF token.
 */
export class Auth {
  private readonly byName = new Map<string, FixtureUser>();
  private readonly sessionsById = new Map<string, UserSession>();
  private readonly sessionsByUser = new Map<string, UserSession>();

  constructor(users: readonly FixtureUser[]) {
    for (const u of users) this.byName.set(u.username, u);
  }

  /** The caller's session, or undefined when the credentials are absent or wrong. */
  authenticate(headers: IncomingHttpHeaders): UserSession | undefined {
    const authorization = headers.authorization;
    if (authorization !== undefined) {
      const user = this.checkBasic(authorization);
      return user === undefined ? undefined : this.sessionOf(user);
    }
    const sessionId = readCookie(headers.cookie, SESSION_COOKIE);
    return sessionId === undefined ? undefined : this.sessionsById.get(sessionId);
  }

  sessionOf(user: FixtureUser): UserSession {
    let session = this.sessionsByUser.get(user.username);
    if (session === undefined) {
      session = { id: randomBytes(16).toString('hex'), user, csrfToken: randomBytes(16).toString('hex') };
      this.sessionsByUser.set(user.username, session);
      this.sessionsById.set(session.id, session);
    }
    return session;
  }

  user(username: string): FixtureUser | undefined {
    return this.byName.get(username);
  }

  private checkBasic(header: string): FixtureUser | undefined {
    const match = /^Basic\s+(\S+)$/i.exec(header.trim());
    if (match?.[1] === undefined) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = this.byName.get(decoded.slice(0, colon));
    if (user === undefined) return undefined;
    const given = Buffer.from(decoded.slice(colon + 1));
    const expected = Buffer.from(user.password);
    return given.length === expected.length && timingSafeEqual(given, expected) ? user : undefined;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
