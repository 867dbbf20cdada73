/** Test clients for the reference server: undici per user (own cookie), the real cometd client. */
import { randomBytes } from 'node:crypto';
import { CometD, type Message } from 'cometd';
import { adapt } from 'cometd-nodejs-client';
import { request } from 'undici';
import type { RunningServer } from '../../src/server/index.js';
import { loadSpec } from '../../src/spec/index.js';

// No shared cookie jar: the library's jar is one per process, which would mix the test agents'
// sessions. Every long-poll carries the agent's Basic header and its own browser cookie instead.
adapt({
  cookies: {
    storeCookie: (_uri, _header, callback) => callback(null, null),
    retrieveCookies: (_context, _uri, callback) => callback(null, []),
  },
});

export const PASSWORD = (user: string): string => `${user}-pass`;

export function basic(user: string, password = PASSWORD(user)): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  auth?: string | 'none';
  headers?: Record<string, string>;
}

/** One HTTP call; the body is parsed when it is JSON. */
export async function call(url: string, method: string, opts: CallOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth !== undefined && opts.auth !== 'none') headers.authorization = opts.auth;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await request(url, {
    method: method as 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: the raw text is kept for the assertion.
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, text };
}

/** The API as one agent sees it. */
export class Agent {
  constructor(
    readonly server: RunningServer,
    readonly user: string,
  ) {}

  get(path: string): Promise<HttpAnswer> {
    return call(`${this.server.baseUrl}${path}`, 'GET', { auth: basic(this.user) });
  }

  put(path: string, body: unknown): Promise<HttpAnswer> {
    return call(`${this.server.baseUrl}${path}`, 'PUT', { auth: basic(this.user), body });
  }

  op(id: string, body: Record<string, unknown>): Promise<HttpAnswer> {
    return call(`${this.server.baseUrl}/me/interactions/${id}`, 'POST', { auth: basic(this.user), body });
  }
}

/** Control API calls. */
export async function createInteraction(
  server: RunningServer,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await call(`${server.controlUrl}/interactions`, 'POST', { body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return (res.body as { id: string }).id;
}

export interface ControlView {
  id: string;
  state: string;
  owner: string | null;
  invitee: string | null;
  queue: string | null;
  workbin: string | null;
  userData: Record<string, unknown>;
  parentId: string | null;
  history: Array<{ state: string; at: string; agent?: string }>;
}

export async function controlView(server: RunningServer, id: string): Promise<ControlView> {
  const res = await call(`${server.controlUrl}/interactions/${id}`, 'GET');
  if (res.status !== 200) throw new Error(`control view failed: ${res.status}`);
  return res.body as ControlView;
}

/** A connected agent: a real cometd client subscribed to the interactions channel, with an inbox. */
export class Listener {
  readonly messages: Message[] = [];
  private waiters: Array<() => void> = [];

  private barriers = 0;

  private constructor(
    readonly server: RunningServer,
    readonly user: string,
    private readonly cometd: CometD,
  ) {}

  static async connect(server: RunningServer, user: string, password = PASSWORD(user)): Promise<Listener> {
    const cometd = new CometD();
    cometd.unregisterTransport('websocket');
    cometd.configure({
      url: server.cometdUrl,
      logLevel: 'warn',
      requestHeaders: {
        Authorization: basic(user, password),
        Cookie: `BAYEUX_BROWSER=${randomBytes(12).toString('hex')}`,
      },
    });
    const listener = new Listener(server, user, cometd);
    const handshake = await new Promise<Message>((resolve) => cometd.handshake((m) => resolve(m)));
    if (handshake.successful !== true) throw new Error(`handshake refused for ${user}: ${handshake.error}`);
    await new Promise<void>((resolve, reject) => {
      cometd.subscribe(
        '/v2/me/interactions',
        (m) => listener.push(m),
        (reply) =>
          reply.successful ? resolve() : reject(new Error(`subscribe failed: ${JSON.stringify(reply)}`)),
      );
    });
    return listener;
  }

  private push(m: Message): void {
    this.messages.push(m);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Waits (bounded) until `count` messages satisfy the predicate; returns them. */
  async waitFor(predicate: (m: Message) => boolean, count = 1, timeoutMs = 5_000): Promise<Message[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(predicate);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.user}: expected ${count} message(s), got ${found.length} of ${this.messages.length}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Messages about one interaction (envelope or flat), optionally of one notification type. */
  about(id: string, notificationType?: string): Message[] {
    return this.messages.filter((m) => {
      const data = m.data as Record<string, unknown>;
      const ixId = (data.interaction as { id?: string } | undefined)?.id ?? data.id;
      return ixId === id && (notificationType === undefined || data.notificationType === notificationType);
    });
  }

  /**
   * Waits until every message already sent to this agent has arrived: asks for a workbin's content
   * (a message to this agent alone, changing nothing) and waits for it. Deliveries to one session
   * keep their order, so whatever is missing after the barrier was never sent.
   */
  async barrier(): Promise<void> {
    this.barriers += 1;
    const referenceId = `barrier-${this.barriers}`;
    const res = await new Agent(this.server, this.user).op('barrier', {
      operationName: 'GetWorkbinContent',
      workbin: 'pending',
      referenceId,
    });
    if (res.status !== 200) throw new Error(`barrier failed: ${res.text}`);
    await this.waitFor((m) => (m.data as { referenceId?: string }).referenceId === referenceId);
  }

  /** Messages other than barrier answers. */
  get notifications(): Message[] {
    return this.messages.filter(
      (m) => !String((m.data as { referenceId?: unknown }).referenceId).startsWith('barrier-'),
    );
  }

  disconnect(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      this.cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export function stateOf(m: Message): string | undefined {
  const data = m.data as Record<string, unknown>;
  return ((data.interaction as { state?: string } | undefined)?.state ?? data.state) as string | undefined;
}

/** Validates a body against a spec variant and fails with the readable issues. */
export function expectVariant(
  variant: string,
  body: unknown,
  opts: { dialect?: 'envelope' | 'flat' } = {},
): void {
  const result = loadSpec().validate(variant, body, opts);
  if (!result.ok) {
    throw new Error(
      `${variant}: ${result.issues.map((i) => `${i.pointer} ${i.message}`).join('; ')}\n${JSON.stringify(body)}`,
    );
  }
}

export function violates(
  variant: string,
  body: unknown,
  opts: { dialect?: 'envelope' | 'flat' } = {},
): boolean {
  return !loadSpec().validate(variant, body, opts).ok;
}
