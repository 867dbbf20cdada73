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
  /** Told when the server drops the session (402) and when the client makes a new one. */
  onEvent?(event: SessionEventNotice): void;
  /** `session`: every Bayeux request carries the actor's cookies alone (no Authorization header). */
  auth?: 'session';
}

/** A session event as the transport sees it; the runner adds the actor and the time. */
export interface SessionEventNotice {
  kind: 'session-lost' | 'rehandshake' | 'connect-failed';
  detail: string;
}

/** An open, subscribed CometD session of one actor (a NotificationSession of src/engine/notifications). */
export interface CometdSession {
  /** Successful handshakes so far (more than one means the session was lost and re-made). */
  readonly handshakes: number;
  close(): Promise<void>;
}

/** Opens a CometD session for one actor and subscribes; rejects with a `CometdError` (never retries a refusal). */
export async function openCometdSession(options: CometdSessionOptions): Promise<CometdSession> {
  ensureCometdAdapted();
  const client = new CometD();
  // Only our per-actor transport: no WebSocket (it carries neither headers nor cookies), no shared jar.
  client.unregisterTransports();
  client.registerTransport(
    'long-polling',
    new ActorLongPollingTransport(options.http, options.auth ?? 'actor') as unknown as Transport,
  );
  // The client's own network bound is a little longer than ours: our handshake timeout fires first and
  // disconnects, so the client never starts its retry loop (and its warnings) on a silent server.
  client.configure({
    url: options.url,
    logLevel: 'warn',
    maxNetworkDelay: options.handshakeMs + NETWORK_DELAY_MARGIN_MS,
  });

  let handshakes = 0;
  let opened = false;
  const subscribe = (channel: string, onReply?: (m: Message) => void) =>
    client.subscribe(channel, (m) => options.onMessage({ channel: m.channel, data: m.data }), onReply);
  client.addListener('/meta/handshake', (m) => {
    if (!m.successful) return;
    handshakes++;
    if (!opened) return;
    // A new session after the server dropped the old one: the client cleared its subscriptions, so
    // subscribe again, as an application of the cometd client does in its handshake listener.
    for (const channel of options.channels) subscribe(channel);
    options.onEvent?.({
      kind: 'rehandshake',
      detail: `new CometD session (handshake ${handshakes}); subscribed again to ${options.channels.join(', ')}`,
    });
  });
  client.addListener('/meta/connect', (m) => {
    if (m.successful || !opened) return;
    const error = typeof m.error === 'string' ? m.error : '';
    if (error.startsWith('402'))
      options.onEvent?.({
        kind: 'session-lost',
        detail: `the server answered ${error}: it dropped the session; the client handshakes again`,
      });
  });
  const session: CometdSession = {
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
          'IC_E_COMETD_HANDSHAKE_TIMEOUT',
          `CometD handshake: no answer within ${options.handshakeMs} ms`,
        ),
    );
    if (!reply.successful) {
      // A Bayeux reply (`500::Handshake failed`) is the server's answer; an HTTP status or a
      // connection failure says the URL may not be a CometD server at all (docs/blame.md).
      throw new CometdError(
        reply.error ? 'IC_E_COMETD_HANDSHAKE_REFUSED' : 'IC_E_COMETD_HANDSHAKE_FAILED',
        `CometD handshake refused: ${describeFailure(reply)}`,
      );
    }
    for (const channel of options.channels) {
      const sub = await withTimeout<Message>(
        (resolve) => subscribe(channel, (m) => resolve(m)),
        options.handshakeMs,
        () =>
          new CometdError(
            'IC_E_COMETD_SUBSCRIBE_FAILED',
            `subscribe ${channel}: no answer within ${options.handshakeMs} ms`,
          ),
      );
      if (!sub.successful) {
        throw new CometdError(
          'IC_E_COMETD_SUBSCRIBE_FAILED',
          `subscribe ${channel} refused: ${describeFailure(sub)}`,
        );
      }
    }
    opened = true;
    return session;
  } catch (err) {
    // Stop the client's own retry loop before reporting.
    await disconnect(client, options.handshakeMs);
    throw err;
  }
}

/** How much longer than `handshakeMs` the client itself waits for any reply. */
const NETWORK_DELAY_MARGIN_MS = 1_000;

/** The most a disconnect waits for the server's reply before the transport is aborted. */
const DISCONNECT_BOUND_MS = 2_000;

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
  // A polite server answers at once; a target that stopped answering must not hold the run.
  await withTimeout<void>(
    (resolve) => client.disconnect(() => resolve()),
    Math.min(boundMs, DISCONNECT_BOUND_MS),
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
