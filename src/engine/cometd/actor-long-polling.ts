import * as cometdLib from 'cometd';
import type { ActorHttp } from '../http/index.js';

/** The packet the cometd client's LongPollingTransport hands to `xhrSend`. */
interface Packet {
  url: string;
  headers?: Record<string, string>;
  body: string;
  onSuccess(responseText: string): void;
  onError(reason: string, exception?: unknown): void;
}

/** What the client keeps as its `xhr`: only status and abort are read. */
interface RequestHandle {
  status: number;
  abort(): void;
}

interface LongPollingBase {
  xhrSend(packet: Packet): RequestHandle;
  abortXHR(xhr: RequestHandle | undefined): boolean;
  xhrStatus(xhr: RequestHandle | undefined): number;
}

// The typings do not declare the transport classes that the module exports.
const { LongPollingTransport } = cometdLib as unknown as { LongPollingTransport: new () => LongPollingBase };

/**
 * A long-polling transport that sends through undici as one actor: that actor's Basic credentials,
 * cookie jar and CSRF token. Registered per CometD instance, it replaces the client's process-wide
 * cookie jar, so two actors in one process never overwrite each other's sessions.
 */
export class ActorLongPollingTransport extends LongPollingTransport {
  readonly #actor: ActorHttp;
  readonly #auth: 'actor' | 'session';

  /** `session`: the actor's cookies alone, no Authorization header (the cookie handshake). */
  constructor(actor: ActorHttp, auth: 'actor' | 'session' = 'actor') {
    super();
    this.#actor = actor;
    this.#auth = auth;
  }

  override xhrSend(packet: Packet): RequestHandle {
    const controller = new AbortController();
    const handle: RequestHandle = { status: 0, abort: () => controller.abort() };
    const url = new URL(packet.url);
    const headers = {
      ...packet.headers,
      ...(this.#auth === 'session' ? this.#actor.sessionHeaders('POST') : this.#actor.requestHeaders('POST')),
      'content-type': 'application/json;charset=UTF-8',
    };
    this.#actor.pools
      .request(url.origin, {
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers,
        body: packet.body,
        signal: controller.signal,
        // The client bounds each request itself (maxNetworkDelay + the server's long-poll timeout).
        headersTimeout: 0,
        bodyTimeout: 0,
      })
      .then(async (res) => {
        const text = await res.body.text();
        this.#actor.learn(res.headers);
        handle.status = res.statusCode;
        if (res.statusCode === 200) packet.onSuccess(text);
        else packet.onError(`HTTP ${res.statusCode}`);
      })
      .catch((err: unknown) => {
        packet.onError(controller.signal.aborted ? 'abort' : String((err as Error)?.message ?? err), err);
      });
    return handle;
  }

  override abortXHR(xhr: RequestHandle | undefined): boolean {
    if (!xhr) return false;
    xhr.abort();
    return true;
  }

  override xhrStatus(xhr: RequestHandle | undefined): number {
    return xhr ? xhr.status : -1;
  }
}
