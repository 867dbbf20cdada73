import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';

/** The few parts of faye's server this helper uses (faye ships no typings). */
interface FayeMessage {
  channel: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  subscription?: string | string[];
  ext?: { authorization?: string };
  data?: unknown;
}
type Pipe = (
  message: FayeMessage,
  request: IncomingMessage | null,
  callback: (m: FayeMessage) => void,
) => void;
interface FayeAdapter {
  attach(server: Server): void;
  addExtension(extension: { incoming?: Pipe; outgoing?: Pipe }): void;
  getClient(): {
    publish(channel: string, data: unknown): { then(ok: () => void, failed: (e: unknown) => void): void };
    disconnect(): void;
  };
  close(): void;
}
const faye = createRequire(import.meta.url)('faye') as {
  NodeAdapter: new (options: { mount: string; timeout?: number }) => FayeAdapter;
};

const NOTIFICATIONS = '/v2/me/interactions';
/** Where faye keeps one user's notifications; clients see them on `/v2/me/interactions`. */
const ownChannel = (user: string) => `/users/${user}/interactions`;

export interface FayeTarget {
  /** The CometD URL (http://…/cometd); the WebSocket transport derives ws://… from it. */
  cometdUrl: string;
  /** Publishes to one user's `/v2/me/interactions`, delivered to that user's sessions only. */
  notify(user: string, data: unknown): Promise<void>;
  /** Answers the next `times` `/meta/connect`s of this user with `402::Unknown client` (a dropped session). */
  dropSessionOf(user: string, times?: number): void;
  /** Successful handshakes per user, in order. */
  handshakes: string[];
  /** WebSocket upgrades that are still open. */
  openSockets(): number;
  close(): Promise<void>;
}

/**
 * faye's Bayeux server (it speaks WebSocket) on 127.0.0.1, with per-actor authentication: a server
 * extension reads the Basic credentials of the upgrade request, or of the handshake's `ext`, refuses
 * a wrong password (`403::…`), and maps `/v2/me/interactions` to the user's own channel so each user
 * hears only its own notifications.
 */
export async function startFayeTarget(
  passwords: Record<string, string>,
  /** Where the server reads the credentials: the upgrade's header, the handshake's `ext`, or either. */
  readsFrom: 'header' | 'ext' | 'either' = 'either',
): Promise<FayeTarget> {
  const server = createServer();
  const adapter = new faye.NodeAdapter({ mount: '/cometd', timeout: 20 });
  const userOfRequest = new WeakMap<IncomingMessage, string>();
  const userOfClient = new Map<string, string>();
  const toDrop = new Map<string, number>();
  const handshakes: string[] = [];
  const sockets = new Set<Socket>();
  let upgraded = 0;

  const authenticate = (message: FayeMessage, request: IncomingMessage): string | undefined => {
    const fromHeader = readsFrom === 'ext' ? undefined : request.headers.authorization;
    const fromExt = readsFrom === 'header' ? undefined : message.ext?.authorization;
    const header = fromHeader ?? fromExt ?? '';
    const [user, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    return user !== undefined && passwords[user] !== undefined && passwords[user] === password
      ? user
      : undefined;
  };

  adapter.addExtension({
    incoming(message, request, callback) {
      // The server's own client (request null) publishes the test's notifications.
      if (request === null) return callback(message);
      if (message.channel === '/meta/handshake') {
        const user = authenticate(message, request);
        if (user === undefined) message.error = '403::bad credentials';
        else userOfRequest.set(request, user);
      }
      const user = message.clientId ? userOfClient.get(message.clientId) : undefined;
      const drops = user === undefined ? 0 : (toDrop.get(user) ?? 0);
      if (message.channel === '/meta/connect' && user !== undefined && drops > 0) {
        toDrop.set(user, drops - 1);
        message.error = '402::Unknown client';
      }
      if (message.channel === '/meta/subscribe' && message.subscription === NOTIFICATIONS) {
        if (user === undefined) message.error = '403::not authenticated';
        else message.subscription = ownChannel(user);
      }
      callback(message);
    },
    outgoing(message, request, callback) {
      if (message.channel === '/meta/handshake' && message.successful && message.clientId && request) {
        const user = userOfRequest.get(request);
        if (user !== undefined) {
          userOfClient.set(message.clientId, user);
          handshakes.push(user);
        }
      }
      if (typeof message.subscription === 'string' && message.subscription.startsWith('/users/'))
        message.subscription = NOTIFICATIONS;
      if (message.channel.startsWith('/users/')) message.channel = NOTIFICATIONS;
      callback(message);
    },
  });
  adapter.attach(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (_req, socket: Socket) => {
    upgraded++;
    socket.on('close', () => upgraded--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    cometdUrl: `http://127.0.0.1:${port}/cometd`,
    handshakes,
    notify: (user, data) =>
      new Promise<void>((resolve, reject) =>
        adapter.getClient().publish(ownChannel(user), data).then(resolve, reject),
      ),
    dropSessionOf: (user, times = 1) => toDrop.set(user, times),
    openSockets: () => upgraded,
    close: async () => {
      adapter.getClient().disconnect();
      adapter.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
