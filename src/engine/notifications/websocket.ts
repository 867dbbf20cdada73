import { CometdError } from '../cometd/index.js';
import type { ActorHttp } from '../http/index.js';
import { type BayeuxFrame, BayeuxLink } from './bayeux-link.js';
import type { NotificationEvent, NotificationSession, NotificationTransport } from './transport.js';

/**
 * CometD (Bayeux) over a WebSocket, one socket per actor (a small client of our own on `ws`). The
 * upgrade request carries the actor's Authorization and cookies; the handshake carries the
 * Authorization in `ext` too, since some Bayeux servers read only the message.
 */
export function websocketTransport(opts: { url: string; handshakeMs: number }): NotificationTransport {
  return {
    name: 'websocket',
    open: (actor, channels, deliver, options = {}) =>
      openWebSocketSession({
        url: webSocketUrl(opts.url),
        http: actor.http,
        channels,
        handshakeMs: opts.handshakeMs,
        deliver,
        onEvent: options.onEvent ?? (() => undefined),
        auth: options.auth ?? 'actor',
      }),
  };
}

/** The WebSocket URL of a CometD URL: `http` → `ws`, `https` → `wss`. */
export function webSocketUrl(cometdUrl: string): string {
  const url = new URL(cometdUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.toString();
}

interface SessionOptions {
  url: string;
  http: ActorHttp;
  channels: string[];
  handshakeMs: number;
  deliver(message: { channel: string; data: unknown }): void;
  onEvent(event: NotificationEvent): void;
  auth: 'actor' | 'session';
}

/** Connects refused in a row after which the session stops handshaking again (a target refusing every one). */
const MAX_REFUSED_CONNECTS = 3;

/** The most a disconnect waits for the server before the socket is dropped. */
const DISCONNECT_BOUND_MS = 2_000;

async function openWebSocketSession(options: SessionOptions): Promise<NotificationSession> {
  const headers =
    options.auth === 'session' ? options.http.sessionHeaders('GET') : options.http.requestHeaders('GET');
  const started = Date.now();
  const link = await BayeuxLink.open({
    url: options.url,
    headers,
    boundMs: options.handshakeMs,
    onUpgrade: (answer) => options.http.learn(answer),
  });
  const session = new WebSocketSession(link, options, headers.authorization);
  try {
    // One bound for the upgrade and the handshake together.
    await session.handshake(Math.max(1, options.handshakeMs - (Date.now() - started)), options.handshakeMs);
    await session.subscribe();
    session.startConnecting();
    return session;
  } catch (err) {
    await session.close();
    throw err;
  }
}

class WebSocketSession implements NotificationSession {
  readonly #link: BayeuxLink;
  readonly #options: SessionOptions;
  readonly #authorization: string | undefined;
  #clientId: string | undefined;
  #handshakes = 0;
  #refusedConnects = 0;
  #closing = false;

  constructor(link: BayeuxLink, options: SessionOptions, authorization: string | undefined) {
    this.#link = link;
    this.#options = options;
    this.#authorization = authorization;
    link.onMessage = (m) => this.#receive(m);
    link.onClose = (detail) => {
      if (!this.#closing)
        options.onEvent({ kind: 'connect-failed', detail: `${detail}: no more notifications` });
    };
  }

  get handshakes(): number {
    return this.#handshakes;
  }

  /** REFUSED: a Bayeux `successful:false`; FAILED: the socket closed; TIMEOUT: no reply within `ms`. */
  async handshake(ms: number, boundMs = ms): Promise<void> {
    const reply = await this.#link.request(
      {
        channel: '/meta/handshake',
        version: '1.0',
        minimumVersion: '1.0',
        supportedConnectionTypes: ['websocket'],
        ...(this.#authorization ? { ext: { authorization: this.#authorization } } : {}),
      },
      ms,
    );
    if (!reply) {
      throw this.#link.open
        ? new CometdError('IC_E_COMETD_HANDSHAKE_TIMEOUT', `CometD handshake: no answer within ${boundMs} ms`)
        : new CometdError(
            'IC_E_COMETD_HANDSHAKE_FAILED',
            'CometD handshake failed: the WebSocket closed before any answer',
          );
    }
    if (reply.successful !== true || typeof reply.clientId !== 'string') {
      throw new CometdError(
        'IC_E_COMETD_HANDSHAKE_REFUSED',
        `CometD handshake refused: ${reply.error ?? 'no reason given'}`,
      );
    }
    this.#clientId = reply.clientId;
    this.#handshakes++;
  }

  async subscribe(): Promise<void> {
    for (const channel of this.#options.channels) {
      const reply = await this.#link.request(
        { channel: '/meta/subscribe', clientId: this.#clientId, subscription: channel },
        this.#options.handshakeMs,
      );
      if (!reply)
        throw new CometdError(
          'IC_E_COMETD_SUBSCRIBE_FAILED',
          `subscribe ${channel}: no answer within ${this.#options.handshakeMs} ms`,
        );
      if (reply.successful !== true)
        throw new CometdError(
          'IC_E_COMETD_SUBSCRIBE_FAILED',
          `subscribe ${channel} refused: ${reply.error ?? 'no reason given'}`,
        );
    }
  }

  /** The first connect asks for an immediate answer; each answer is followed by the next connect. */
  startConnecting(): void {
    this.#connect({ timeout: 0 });
  }

  #connect(advice?: { timeout: number }): void {
    if (this.#closing) return;
    this.#link.post({
      channel: '/meta/connect',
      clientId: this.#clientId,
      connectionType: 'websocket',
      ...(advice ? { advice } : {}),
    });
  }

  #receive(message: BayeuxFrame): void {
    if (message.channel === '/meta/connect') this.#connected(message);
    else if (typeof message.channel !== 'string' || message.channel.startsWith('/meta/')) return;
    else if (
      message.data !== undefined &&
      this.#options.channels.some((c) => channelMatches(c, message.channel))
    )
      this.#options.deliver({ channel: message.channel, data: message.data });
  }

  #connected(reply: BayeuxFrame): void {
    if (this.#closing) return;
    if (reply.successful === true) {
      this.#refusedConnects = 0;
      const interval = reply.advice?.interval ?? 0;
      if (interval > 0) setTimeout(() => this.#connect(), interval).unref();
      else this.#connect();
      return;
    }
    const error = reply.error ?? 'no reason given';
    const advisedNone = reply.advice?.reconnect === 'none';
    if (advisedNone || ++this.#refusedConnects > MAX_REFUSED_CONNECTS) {
      const why = advisedNone ? 'the server advised none' : `${MAX_REFUSED_CONNECTS} refused in a row`;
      this.#options.onEvent({
        kind: 'connect-failed',
        detail: `connect refused (${error}); no new handshake (${why})`,
      });
      return;
    }
    // 402::Unknown client (the server dropped the session), or advice to handshake again.
    this.#options.onEvent({
      kind: 'session-lost',
      detail: `the server answered ${error}: it dropped the session; the client handshakes again`,
    });
    void this.#rehandshake();
  }

  async #rehandshake(): Promise<void> {
    try {
      await this.handshake(this.#options.handshakeMs);
      await this.subscribe();
      this.#options.onEvent({
        kind: 'rehandshake',
        detail: `new CometD session (handshake ${this.#handshakes}); subscribed again to ${this.#options.channels.join(', ')}`,
      });
      this.startConnecting();
    } catch (err) {
      this.#options.onEvent({
        kind: 'connect-failed',
        detail: `new handshake failed: ${(err as Error).message}`,
      });
    }
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const bound = Math.min(this.#options.handshakeMs, DISCONNECT_BOUND_MS);
    if (this.#clientId && this.#link.open)
      await this.#link.request({ channel: '/meta/disconnect', clientId: this.#clientId }, bound);
    await this.#link.close(bound);
  }
}

/** Bayeux channel patterns: `/a/*` matches one segment, `/a/**` any number. */
function channelMatches(pattern: string, channel: string): boolean {
  if (pattern.endsWith('/**')) return channel.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -1);
    return channel.startsWith(prefix) && !channel.slice(prefix.length).includes('/');
  }
  return pattern === channel;
}
