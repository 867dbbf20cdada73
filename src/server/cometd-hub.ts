import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CometDServer, ServerChannel, ServerSession } from 'cometd-nodejs-server';
import cometdServerPkg from 'cometd-nodejs-server';
import type { Auth } from './auth.js';
import type { FaultSet } from './faults.js';
import { type Delivery, INTERACTIONS_CHANNEL } from './notifier.js';

/**
 * The Bayeux endpoint: authenticated handshakes, per-user delivery, and the set of agents who have
 * a live session subscribed to the interactions channel (the "available" agents of Reject).
 */
export class CometdHub implements Delivery {
  readonly server: CometDServer;
  private readonly userOf = new Map<string, string | undefined>();
  private readonly sessions = new Map<string, ServerSession>();
  private readonly subscribers = new Map<string, Set<string>>();

  constructor(auth: Auth, faults: FaultSet) {
    // The package is CommonJS: its named ESM import fails at run time.
    this.server = cometdServerPkg.createCometDServer({ maxSessionsPerBrowser: -1 });
    const server = this.server;
    server.policy = {
      // Runs synchronously: the context object is replaced per request, so it is read before any await.
      canHandshake: (session, _message, callback) => {
        const request = server.context.request as IncomingMessage | undefined;
        const cookieOnly = request !== undefined && request.headers.authorization === undefined;
        const refuseCookie = cookieOnly && faults.has('ix-auth-06-cookie-handshake-refused');
        const caller = request === undefined || refuseCookie ? undefined : auth.authenticate(request.headers);
        const allowed = caller !== undefined || faults.has('ix-auth-05-handshake-unauthenticated');
        if (allowed) this.track(session, caller?.user.userId);
        callback(undefined, allowed);
      },
      canSubscribe: (_session, _message, channel, callback) =>
        callback(undefined, channel.name === INTERACTIONS_CHANNEL),
      // Notifications come from the server only.
      canPublish: (_session, _message, _channel, callback) => callback(undefined, false),
    };
    server.addListener('subscribed', (channel: ServerChannel, session: ServerSession) => {
      if (channel.name === INTERACTIONS_CHANNEL) this.markSubscribed(session, true);
    });
    server.addListener('unsubscribed', (channel: ServerChannel, session: ServerSession) => {
      if (channel.name === INTERACTIONS_CHANNEL) this.markSubscribed(session, false);
    });
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    this.server.handle(request, response);
  }

  deliver(agent: string, data: unknown): void {
    const ids = this.subscribers.get(agent);
    if (ids === undefined) return;
    for (const id of ids) this.sessions.get(id)?.deliver(null, INTERACTIONS_CHANNEL, data);
  }

  subscribedAgents(): string[] {
    return [...this.subscribers.entries()]
      .filter(([, ids]) => ids.size > 0)
      .map(([agent]) => agent)
      .sort();
  }

  /** Ends every session (their held long-polls answer) and the server's sweep timer. */
  close(): void {
    for (const session of [...this.sessions.values()]) session.disconnect();
    this.server.close();
  }

  private track(session: ServerSession, userId: string | undefined): void {
    this.userOf.set(session.id, userId);
    this.sessions.set(session.id, session);
    session.addListener('removed', () => {
      this.markSubscribed(session, false);
      this.userOf.delete(session.id);
      this.sessions.delete(session.id);
    });
  }

  private markSubscribed(session: ServerSession, on: boolean): void {
    const userId = this.userOf.get(session.id);
    if (userId === undefined) return;
    let ids = this.subscribers.get(userId);
    if (ids === undefined) {
      ids = new Set();
      this.subscribers.set(userId, ids);
    }
    if (on) ids.add(session.id);
    else ids.delete(session.id);
  }
}
