import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { CometdError } from '../cometd/index.js';

/** A Bayeux message as it travels (only the fields the client reads are typed). */
export interface BayeuxFrame {
  channel: string;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  data?: unknown;
  subscription?: string | string[];
  advice?: { reconnect?: string; interval?: number; timeout?: number };
  [field: string]: unknown;
}

/** A message the client sends: a channel and whatever fields that meta channel takes. */
export type OutgoingFrame = { channel: string } & Record<string, unknown>;

export interface LinkOptions {
  url: string;
  /** Sent on the upgrade request: the actor's Authorization and cookies. */
  headers: Record<string, string>;
  boundMs: number;
  /** Told the upgrade answer's headers (its cookies belong to the actor). */
  onUpgrade(headers: IncomingMessage['headers']): void;
}

/**
 * One WebSocket carrying Bayeux messages: a request is matched to its reply by `id`, every other
 * message (a delivery on a channel, an unmatched reply) goes to `onMessage`.
 */
export class BayeuxLink {
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, (reply: BayeuxFrame) => void>();
  #nextId = 0;
  onMessage: (message: BayeuxFrame) => void = () => undefined;
  /** Called once when the socket closes, whoever closed it. */
  onClose: (detail: string) => void = () => undefined;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (raw) => this.#receive(raw.toString()));
    socket.on('close', (code, reason) => {
      this.#pending.clear();
      this.onClose(`the WebSocket closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`);
    });
    // After the upgrade an error is always followed by 'close', which reports it.
    socket.on('error', () => undefined);
  }

  /**
   * Opens the socket. FAILED: the upgrade was answered with an HTTP status, or the connection failed;
   * TIMEOUT: no upgrade within the bound.
   */
  static open(options: LinkOptions): Promise<BayeuxLink> {
    return new Promise<BayeuxLink>((resolve, reject) => {
      const socket = new WebSocket(options.url, { headers: options.headers, perMessageDeflate: false });
      const fail = (err: CometdError) => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        reject(err);
      };
      const timer = setTimeout(
        () =>
          fail(
            new CometdError(
              'IC_E_COMETD_HANDSHAKE_TIMEOUT',
              `CometD handshake: no WebSocket upgrade from ${options.url} within ${options.boundMs} ms`,
            ),
          ),
        options.boundMs,
      );
      socket.on('upgrade', (res) => options.onUpgrade(res.headers));
      socket.on('unexpected-response', (_req, res) => {
        res.resume();
        fail(
          new CometdError(
            'IC_E_COMETD_HANDSHAKE_FAILED',
            `CometD handshake failed: the WebSocket upgrade to ${options.url} was answered HTTP ${res.statusCode}`,
          ),
        );
      });
      socket.on('error', (err) =>
        fail(
          new CometdError(
            'IC_E_COMETD_HANDSHAKE_FAILED',
            `CometD handshake failed: WebSocket to ${options.url}: ${err.message}`,
          ),
        ),
      );
      socket.on('open', () => {
        clearTimeout(timer);
        socket.removeAllListeners();
        resolve(new BayeuxLink(socket));
      });
    });
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Sends a message and waits at most `ms` for its reply; undefined when none came (or the socket closed). */
  request(message: OutgoingFrame, ms: number): Promise<BayeuxFrame | undefined> {
    const id = String(++this.#nextId);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(undefined);
      }, ms);
      this.#pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.#send({ ...message, id }, () => {
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve(undefined);
      });
    });
  }

  /** Sends a message whose reply is handled by `onMessage` (a connect, held by the server). */
  post(message: OutgoingFrame): void {
    this.#send({ ...message, id: String(++this.#nextId) }, () => undefined);
  }

  /** Closes the socket; waits at most `ms` for the close handshake, then drops the connection. */
  close(ms: number): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#socket.terminate();
        resolve();
      }, ms);
      this.#socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#socket.close(1000);
    });
  }

  #send(message: OutgoingFrame, onFailure: () => void): void {
    if (!this.open) {
      onFailure();
      return;
    }
    this.#socket.send(JSON.stringify([message]), (err) => {
      if (err) onFailure();
    });
  }

  #receive(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not Bayeux: nothing to route; a request waiting for its reply times out.
      return;
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof message !== 'object' || message === null) continue;
      const frame = message as BayeuxFrame;
      const waiting = typeof frame.id === 'string' ? this.#pending.get(frame.id) : undefined;
      if (waiting && frame.channel?.startsWith('/meta/')) {
        this.#pending.delete(frame.id as string);
        waiting(frame);
      } else this.onMessage(frame);
    }
  }
}
