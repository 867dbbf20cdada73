import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, request } from 'undici';
import { startReferenceServer } from '../../src/server/index.js';

/**
 * The ways a target breaks an exchange below the contract, one per row of docs/blame.md. Each is
 * played by a proxy in front of a real reference server, on the API's own paths only (the control
 * API that creates interactions stays honest: it belongs to the setup, not to the target's contract).
 */
export const HOSTILE_BEHAVIOURS = [
  'hang-me-interactions',
  'reset-post',
  'half-body',
  'drip-body',
  'huge-body',
  'handshake-500',
  'handshake-hang',
  'drop-session-402',
  'html-content-type',
  'truncated-json',
  'down-halfway',
] as const;
export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

export interface HostileTarget {
  baseUrl: string;
  cometdUrl: string;
  /** When the target went silent (`down-halfway`), as `performance.now()`; undefined before. */
  readonly downAt: number | undefined;
  /** Requests the proxy has seen on the API's paths. */
  readonly requests: number;
  close(): Promise<void>;
}

export interface HostileOptions {
  /** `down-halfway`: how many API requests are answered before the target stops answering. */
  answerFirst?: number;
  /** `drip-body`: milliseconds between two bytes (default 200). */
  dripMs?: number;
}

/** POST /api/v2/me/interactions/{id}: the operations, which the preflight does not depend on. */
const OPERATION = /^\/api\/v2\/me\/interactions\/[^/?]+$/;

/** Starts a reference server and a hostile proxy in front of it, both on 127.0.0.1 port 0. */
export async function startHostileTarget(
  behaviour: HostileBehaviour,
  opts: HostileOptions = {},
): Promise<HostileTarget> {
  const upstream = await startReferenceServer({ port: 0 });
  const origin = new URL(upstream.baseUrl).origin;
  // No timeouts towards the reference server: its long polls are held for up to 30 s.
  const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let seen = 0;
  let downAt: number | undefined;
  /** Data messages delivered per CometD client id (drop-session-402). */
  const delivered = new Map<string, number>();

  const forward = async (req: IncomingMessage, body: Buffer) => {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    const res = await request(`${origin}${req.url ?? '/'}`, {
      method: (req.method ?? 'GET') as 'GET',
      headers,
      body: body.length > 0 ? body : null,
      dispatcher: agent,
    });
    const text = Buffer.from(await res.body.arrayBuffer());
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (
        value === undefined ||
        ['connection', 'transfer-encoding', 'content-length', 'keep-alive'].includes(name)
      )
        continue;
      out[name] = value;
    }
    return { status: res.statusCode, headers: out, body: text };
  };

  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string | string[]>,
    body: Buffer,
  ) => {
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const api = path.startsWith('/api/v2');
    if (api) seen++;
    const isOperation = req.method === 'POST' && OPERATION.test(path);
    const isHandshake = path.endsWith('/notifications/handshake');
    const isConnect = path.endsWith('/notifications/connect');

    if (behaviour === 'down-halfway' && api && (downAt !== undefined || seen > (opts.answerFirst ?? 200))) {
      downAt ??= performance.now();
      held.add(res); // never answered; the sockets are destroyed when the proxy closes
      return;
    }
    if (behaviour === 'hang-me-interactions' && req.method === 'GET' && path === '/api/v2/me/interactions') {
      held.add(res);
      return;
    }
    if (behaviour === 'reset-post' && isOperation) {
      // The request was read; the answer is a TCP reset.
      req.socket.resetAndDestroy();
      return;
    }
    if (behaviour === 'handshake-hang' && isHandshake) {
      held.add(res);
      return;
    }
    if (behaviour === 'handshake-500' && isHandshake) {
      const [hs] = JSON.parse(body.toString('utf8') || '[{}]') as Array<{ id?: string }>;
      const reply = [
        {
          id: hs?.id,
          channel: '/meta/handshake',
          successful: false,
          error: '500::Handshake failed',
          advice: { reconnect: 'none' },
        },
      ];
      send(
        res,
        200,
        { 'content-type': 'application/json;charset=UTF-8' },
        Buffer.from(JSON.stringify(reply)),
      );
      return;
    }

    const answer = await forward(req, body);

    if (behaviour === 'drop-session-402' && isConnect) {
      const messages = JSON.parse(answer.body.toString('utf8') || '[]') as Array<{
        channel?: string;
        clientId?: string;
        id?: string;
      }>;
      const [connect] = JSON.parse(body.toString('utf8') || '[{}]') as Array<{
        id?: string;
        clientId?: string;
      }>;
      const clientId = connect?.clientId ?? '';
      const data = messages.filter((m) => !m.channel?.startsWith('/meta/'));
      const before = delivered.get(clientId) ?? 0;
      delivered.set(clientId, before + data.length);
      if (data.length > 0 && before < 2 && before + data.length >= 2) {
        // The server drops the session as its second notification is due: that one is lost, and
        // the client is told it is unknown, as a server that dropped it says.
        const reply = [
          {
            id: connect?.id,
            channel: '/meta/connect',
            successful: false,
            error: '402::Unknown client',
            advice: { reconnect: 'handshake', interval: 0 },
          },
        ];
        send(res, 200, answer.headers, Buffer.from(JSON.stringify(reply)));
        // And the server really forgets it: no more deliveries to it, no agent seen as connected by it.
        const disconnect = [{ id: 'dropped', channel: '/meta/disconnect', clientId }];
        await forward(
          { ...req, url: req.url?.replace(/\/connect$/, '/disconnect') } as IncomingMessage,
          Buffer.from(JSON.stringify(disconnect)),
        ).catch(() => undefined);
        return;
      }
    }
    if (behaviour === 'html-content-type' && api && !path.includes('/notifications')) {
      send(
        res,
        answer.status,
        { ...answer.headers, 'content-type': 'text/html; charset=utf-8' },
        answer.body,
      );
      return;
    }
    if (isOperation && behaviour === 'truncated-json') {
      // A complete HTTP answer whose JSON stops half way.
      const text = answer.body.subarray(0, Math.max(1, Math.floor(answer.body.length / 2)));
      send(res, answer.status, answer.headers, text);
      return;
    }
    if (isOperation && behaviour === 'half-body') {
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      // Half of the announced answer, then the connection closes.
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (isOperation && behaviour === 'drip-body') {
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      let i = 0;
      const drip = setInterval(() => {
        if (res.destroyed || i >= answer.body.length) {
          clearInterval(drip);
          timers.delete(drip);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(answer.body.subarray(i, i + 1));
        i++;
      }, opts.dripMs ?? 200);
      timers.add(drip);
      return;
    }
    if (isOperation && behaviour === 'huge-body') {
      const size = 50 * 1024 * 1024;
      res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(size) });
      const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: valid JSON padding before the document
      let sent = 0;
      const pump = () => {
        while (sent < size && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    send(res, answer.status, answer.headers, answer.body);
  };

  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
  });
  proxy.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${base}/api/v2`,
    cometdUrl: `${base}/api/v2/notifications`,
    get downAt() {
      return downAt;
    },
    get requests() {
      return seen;
    },
    async close() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      held.clear();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await agent.destroy();
      await upstream.close();
    },
  };
}
