import { CometD, type Message, type Transport } from 'cometd';
import type { ActorHttp } from '../http/index.js';
import { ActorLongPollingTransport } from './actor-long-polling.js';
import { ensureCometdAdapted } from './adapt.js';
import { CometdError } from './errors.js';

/** A message as delivered on a subscribed channel. */
export interface BayeuxMessage {
  channel: string;
  data: unknown;
}

export interface CometdSessionOptions {
  url: string;
  /** The actor's HTTP identity: credentials, cookie jar and CSRF token are shared with its requests. */
  http: ActorHttp;
  channels: string[];
  handshakeMs: number;
  onMessage(message: BayeuxMessage): void;
  /** `session`: every Bayeux request carries the actor's cookies alone (no Authorization header). */
  auth?: 'session';
}

/** The interface the runner knows: an open, subscribed session of one actor. */
export interface NotificationSession {
  /** Successful handshakes so far (more than one means the session was lost and re-made). */
  readonly handshakes: number;
  close(): Promise<void>;
}

/** Opens a CometD session for one actor and subscribes; rejects with a `CometdError` (never retries a refusal). */
export async function openCometdSession(options: CometdSessionOptions): Promise<NotificationSession> {
  ensureCometdAdapted();
  const client = new CometD();
  // Only our per-actor transport: no WebSocket (it carries neither headers nor cookies), no shared jar.
  client.unregisterTransports();
  client.registerTransport(
    'long-polling',
    new ActorLongPollingTransport(options.http, options.auth ?? 'actor') as unknown as Transport,
  );
  client.configure({ url: options.url, logLevel: 'warn', maxNetworkDelay: options.handshakeMs });

  let handshakes = 0;
  client.addListener('/meta/handshake', (m) => {
    if (m.successful) handshakes++;
  });
  const session: NotificationSession = {
    get handshakes() {
      return handshakes;
    },
    close: () => disconnect(client, options.handshakeMs),
  };

  try {
    const reply = await withTimeout<Message>(
      (resolve) => client.handshake((m) => resolve(m)),
      options.handshakeMs,
      () =>
        new CometdError(
          'COMETD_HANDSHAKE_TIMEOUT',
          `CometD handshake: no answer within ${options.handshakeMs} ms`,
        ),
    );
    if (!reply.successful) {
      throw new CometdError(
        'COMETD_HANDSHAKE_REFUSED',
        `CometD handshake refused: ${describeFailure(reply)}`,
      );
    }
    for (const channel of options.channels) {
      const sub = await withTimeout<Message>(
        (resolve) =>
          client.subscribe(
            channel,
            (m) => options.onMessage({ channel: m.channel, data: m.data }),
            (m) => resolve(m),
          ),
        options.handshakeMs,
        () =>
          new CometdError(
            'COMETD_SUBSCRIBE_FAILED',
            `subscribe ${channel}: no answer within ${options.handshakeMs} ms`,
          ),
      );
      if (!sub.successful) {
        throw new CometdError(
          'COMETD_SUBSCRIBE_FAILED',
          `subscribe ${channel} refused: ${describeFailure(sub)}`,
        );
      }
    }
    return session;
  } catch (err) {
    // Stop the client's own retry loop before reporting.
    await disconnect(client, options.handshakeMs);
    throw err;
  }
}

function describeFailure(m: Message): string {
  const failure = (m as { failure?: { reason?: string; httpCode?: number } }).failure;
  if (m.error) return m.error;
  if (failure?.httpCode && failure.httpCode > 0) return `HTTP ${failure.httpCode}`;
  return failure?.reason ?? 'no reason given';
}

async function disconnect(client: CometD, boundMs: number): Promise<void> {
  if (client.isDisconnected()) {
    client.unregisterTransports();
    return;
  }
  await withTimeout<void>(
    (resolve) => client.disconnect(() => resolve()),
    boundMs,
    () => undefined,
  ).catch(() => undefined);
  // Aborts a poll that may still be parked on the server.
  client.getTransport()?.abort();
  client.unregisterTransports();
}

/** Resolves with the callback's value, or rejects with `onTimeout()` (resolves when it returns undefined). */
function withTimeout<T>(
  start: (resolve: (v: T) => void) => void,
  ms: number,
  onTimeout: () => Error | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = onTimeout();
      if (err) reject(err);
      else resolve(undefined as T);
    }, ms);
    start((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}
