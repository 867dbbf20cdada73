/**
 * A broken target for the bench: an HTTP proxy on 127.0.0.1 in front of a conforming server that
 * either drops every notification (CometD answers lose their `/v2/me/interactions` messages) or
 * answers every request only after a delay. Pass-through when neither is asked, for the comparison.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

export interface ProxyOptions {
  upstreamOrigin: string;
  /** Drop every message on this channel from the CometD answers. */
  dropChannel?: string;
  /** Answer every request only after this long. */
  delayMs?: number;
}

export interface Proxy {
  origin: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function withoutChannel(body: Buffer, channel: string): Buffer {
  try {
    const messages = JSON.parse(body.toString('utf8')) as unknown;
    if (!Array.isArray(messages)) return body;
    return Buffer.from(
      JSON.stringify(messages.filter((m) => (m as { channel?: unknown }).channel !== channel)),
    );
  } catch {
    return body;
  }
}

export async function startProxy(opts: ProxyOptions): Promise<Proxy> {
  const dispatcher = new Agent({ connections: null, headersTimeout: 0, bodyTimeout: 0 });
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      if (opts.delayMs) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, opts.delayMs);
          timers.add(t);
        });
        if (res.destroyed || req.destroyed) return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const upstream = await request(`${opts.upstreamOrigin}${req.url ?? '/'}`, {
        method: (req.method ?? 'GET') as 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
        dispatcher,
      });
      let answer: Buffer = Buffer.from(await upstream.body.arrayBuffer());
      if (opts.dropChannel && (req.url ?? '').includes('/notifications'))
        answer = withoutChannel(answer, opts.dropChannel);
      for (const [k, v] of Object.entries(upstream.headers))
        if (!HOP_BY_HOP.has(k) && v !== undefined) res.setHeader(k, v);
      res.setHeader('content-length', answer.length);
      res.writeHead(upstream.statusCode);
      res.end(answer);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
