import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import cometdServerPkg, { type ServerSession } from 'cometd-nodejs-server';

/** What a route handler gets: the request, its body text, and the authenticated user (if any). */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  body: string;
  user: string | undefined;
}

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

/**
 * A small purpose-built target for engine tests: plain HTTP routes under /api/v2 on 127.0.0.1:0 and a
 * real cometd-nodejs-server under /api/v2/notifications that authenticates handshakes with Basic
 * credentials and counts them per user. Tests decide each answer and each notification.
 */
export interface FakeTarget {
  baseUrl: string;
  cometdUrl: string;
  origin: string;
  route(method: string, path: string, handler: RouteHandler): void;
  /** Sends `data` on /v2/me/interactions to every live session of the user; returns how many. */
  deliver(user: string, data: unknown, channel?: string): number;
  /** Successful handshakes per user. */
  handshakes: Map<string, number>;
  /** Distinct BAYEUX_BROWSER cookies seen per user on handshakes. */
  browsers: Map<string, Set<string>>;
  /** Resolves once the user has a subscribed session (bounded). */
  whenSubscribed(user: string, timeoutMs?: number): Promise<void>;
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

export const PASSWORD = 'secret-pw';

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function basicUser(header: string | undefined, users: Map<string, string>): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const [user = '', password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return users.get(user) === password ? user : undefined;
}

export async function startFakeTarget(
  usernames: string[] = ['agent01', 'agent02', 'agent03'],
): Promise<FakeTarget> {
  const users = new Map(usernames.map((u) => [u, PASSWORD]));
  const routes = new Map<string, RouteHandler>();
  const sessions = new Map<string, Set<ServerSession>>();
  const subscribed = new Map<string, Set<string>>();
  const handshakes = new Map<string, number>();
  const browsers = new Map<string, Set<string>>();
  const requests: FakeTarget['requests'] = [];
  const cometd = cometdServerPkg.createCometDServer({ timeout: 2000 });

  cometd.policy = {
    canHandshake: (session, _message, callback) => {
      // Read the request synchronously: the context is replaced per request.
      const req = cometd.context.request as IncomingMessage;
      const user = basicUser(req.headers.authorization, users);
      if (!user) {
        callback(undefined, false);
        return;
      }
      handshakes.set(user, (handshakes.get(user) ?? 0) + 1);
      const browser = /BAYEUX_BROWSER=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (browser) browsers.set(user, new Set([...(browsers.get(user) ?? []), browser]));
      const own = sessions.get(user) ?? new Set();
      own.add(session);
      sessions.set(user, own);
      session.addListener('removed', () => own.delete(session));
      (session as unknown as { user: string }).user = user;
      callback(undefined, true);
    },
  };
  cometd.addListener('subscribed', (_channel: unknown, session: { id: string; user?: string }) => {
    if (!session.user) return;
    const ids = subscribed.get(session.user) ?? new Set<string>();
    ids.add(session.id);
    subscribed.set(session.user, ids);
  });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/v2/notifications')) {
      cometd.handle(req, res);
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      body += d;
    });
    req.on('end', () => {
      const path = url.pathname.replace(/^\/api\/v2/, '');
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const handler = routes.get(`${req.method} ${path}`);
      if (!handler) {
        json(res, 404, { statusCode: 6, statusMessage: 'no such route' });
        return;
      }
      void Promise.resolve(
        handler({ req, res, body, user: basicUser(req.headers.authorization, users) }),
      ).catch(() => {
        if (!res.headersSent) json(res, 500, { statusCode: 4, statusMessage: 'handler failed' });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    baseUrl: `${origin}/api/v2`,
    cometdUrl: `${origin}/api/v2/notifications`,
    handshakes,
    browsers,
    requests,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    deliver: (user, data, channel = '/v2/me/interactions') => {
      const own = [...(sessions.get(user) ?? [])];
      for (const s of own) s.deliver(null, channel, data);
      return own.length;
    },
    whenSubscribed: async (user, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs;
      while ((subscribed.get(user)?.size ?? 0) === 0) {
        if (Date.now() > until) throw new Error(`${user} never subscribed`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      cometd.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
