import type { HttpExchange } from '../../model/index.js';
import type { Barrier } from './barrier.js';
import type { TransportFailure } from './errors.js';

export interface Credentials {
  username: string;
  password: string;
}

/** What an actor asks the HTTP transport to send. */
export interface HttpRequestSpec {
  method: string;
  /** Absolute URL. */
  url: string;
  headers?: Record<string, string>;
  /** A JSON value (serialised), unless `rawBody` is given. */
  body?: unknown;
  /** Sent byte for byte, e.g. deliberately malformed JSON. */
  rawBody?: string;
  /**
   * `actor`: the actor's Basic credentials and cookies; `session`: the actor's cookies alone (no
   * Authorization); `none`: neither; or explicit credentials (no cookies).
   */
  auth: 'actor' | 'session' | 'none' | Credentials;
  timeoutMs: number;
  /** Held at this barrier before its last byte (or, without a body, before it is sent): see `Barrier`. */
  barrier?: Barrier;
}

/** The outcome of one request: an exchange with either a response or an `error` (never a throw). */
export interface HttpOutcome {
  exchange: HttpExchange;
  /** Set when there was no response: timeout, refused, reset. */
  failure?: TransportFailure;
}

/** The interface the runner knows; implemented on undici by `ActorHttp`. */
export interface HttpTransport {
  send(request: HttpRequestSpec): Promise<HttpOutcome>;
}
