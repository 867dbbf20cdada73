import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { HttpExchange, TransportFailureKind } from '../../model/index.js';
import { gatedBody } from './barrier.js';
import { basicAuthorization } from './basic-auth.js';
import { CookieJar } from './cookie-jar.js';
import { CsrfState, isCsrfRefusal } from './csrf.js';
import { classifyTransportError, type ExchangeProgress, isTargetFailure } from './errors.js';
import type { HttpPools } from './pools.js';
import { MAX_ANSWER_BYTES, readLimited } from './read-limited.js';
import { redactHeaders } from './redact.js';
import type { Credentials, HttpOutcome, HttpRequestSpec, HttpTransport } from './types.js';

export interface ActorHttpOptions {
  /** A GET that yields the CSRF headers, tried once when a state-changing request is refused for the token. */
  csrfPrimeUrl?: string;
}

/**
 * One actor's HTTP identity: its Basic credentials, its own cookie jar and CSRF token, over the shared
 * pools. The CometD transport of the same actor reuses `requestHeaders()` so both share one session.
 */
export class ActorHttp implements HttpTransport {
  readonly jar = new CookieJar();
  readonly csrf = new CsrfState();
  readonly #pools: HttpPools;
  readonly #credentials: Credentials;
  readonly #options: ActorHttpOptions;

  constructor(pools: HttpPools, credentials: Credentials, options: ActorHttpOptions = {}) {
    this.#pools = pools;
    this.#credentials = credentials;
    this.#options = options;
  }

  get pools(): HttpPools {
    return this.#pools;
  }

  /** Authorization, cookie and CSRF headers for a request of this method made as the actor. */
  requestHeaders(method: string): Record<string, string> {
    return { authorization: basicAuthorization(this.#credentials), ...this.sessionHeaders(method) };
  }

  /**
   * The session alone: the cookie jar and the CSRF token, no Authorization (`auth: session`). With no
   * cookie yet the request goes out without credentials, and the target's refusal is the verdict.
   */
  sessionHeaders(method: string): Record<string, string> {
    const headers: Record<string, string> = {};
    const cookie = this.jar.header();
    if (cookie) headers.cookie = cookie;
    return { ...headers, ...this.csrf.headerFor(method) };
  }

  /** Names of headers whose values must be redacted (the target may choose the CSRF header's name). */
  secretHeaderNames(): string[] {
    return this.csrf.headerName ? [this.csrf.headerName] : [];
  }

  /** Records what any answer teaches the actor: cookies and the CSRF token. */
  learn(headers: Record<string, string | string[] | undefined>): void {
    this.jar.store(headers['set-cookie']);
    this.csrf.remember(headers);
  }

  async send(request: HttpRequestSpec): Promise<HttpOutcome> {
    const hadToken = this.csrf.known;
    const outcome = await this.#once(request);
    const response = outcome.exchange.response;
    const primeUrl = this.#options.csrfPrimeUrl;
    if (
      (request.auth === 'actor' || request.auth === 'session') &&
      !hadToken &&
      primeUrl &&
      response &&
      isCsrfRefusal(response.status, response.bodyText)
    ) {
      // A client learns the token from a GET first (with the same identity); do that once, then repeat.
      await this.#once({ method: 'GET', url: primeUrl, auth: request.auth, timeoutMs: request.timeoutMs });
      if (this.csrf.known) {
        const retried = await this.#once(request);
        retried.exchange.attempts = 2;
        return retried;
      }
    }
    return outcome;
  }

  async #once(request: HttpRequestSpec): Promise<HttpOutcome> {
    const url = new URL(request.url);
    const headers: Record<string, string> = { accept: 'application/json' };
    let payload: string | undefined;
    if (request.rawBody !== undefined) payload = request.rawBody;
    else if (request.body !== undefined) payload = JSON.stringify(request.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (request.auth === 'actor') Object.assign(headers, this.requestHeaders(request.method));
    else if (request.auth === 'session') Object.assign(headers, this.sessionHeaders(request.method));
    else if (request.auth !== 'none') headers.authorization = basicAuthorization(request.auth);
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;

    const recordedBody = request.rawBody ?? request.body;
    const exchange: HttpExchange = {
      request: {
        method: request.method,
        url: request.url,
        headers: redactHeaders(headers, this.secretHeaderNames()),
        ...(recordedBody === undefined ? {} : { body: recordedBody }),
      },
      durationMs: 0,
      attempts: 1,
    };
    const arrive = request.barrier?.party();
    let body: string | Readable | null = payload ?? null;
    if (request.barrier && arrive) {
      if (payload === undefined) {
        // Nothing to hold back: the request leaves at the release.
        arrive();
        await request.barrier.released;
      } else {
        headers['content-length'] = String(Buffer.byteLength(payload, 'utf8'));
        body = Readable.from(gatedBody(payload, arrive, request.barrier.released), {
          objectMode: false,
          highWaterMark: 0,
        });
      }
    }
    const started = performance.now();
    const progress: ExchangeProgress = { bodyBytes: 0 };
    try {
      const res = await this.#pools.request(url.origin, {
        method: request.method as 'GET',
        path: `${url.pathname}${url.search}`,
        headers,
        body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
        // Bounds the whole exchange, including a body that trickles in slowly.
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      progress.headersMs = performance.now() - started;
      const announced = Number(res.headers['content-length']);
      if (Number.isFinite(announced)) progress.contentLength = announced;
      const text = await readLimited(res.body, MAX_ANSWER_BYTES, progress);
      // Only answers to the actor's own identity feed its jar; `none` and explicit credentials must not.
      if (request.auth === 'actor' || request.auth === 'session') this.learn(res.headers);
      exchange.response = {
        status: res.statusCode,
        headers: redactHeaders(res.headers, this.secretHeaderNames()),
        ...parseBody(text),
      };
      exchange.durationMs = performance.now() - started;
      return { exchange };
    } catch (err) {
      // A request that failed before reaching the barrier must not hold the others back.
      arrive?.();
      const failure = classifyTransportError(err, request.timeoutMs, progress);
      exchange.error = failure.message;
      exchange.errorKind = isTargetFailure(failure) ? (failure.kind as TransportFailureKind) : 'harness';
      exchange.durationMs = performance.now() - started;
      return { exchange, failure };
    }
  }
}

/** JSON when it parses; the raw text is kept either way so a malformed answer can be shown. */
function parseBody(text: string): { body?: unknown; bodyText?: string } {
  if (text === '') return {};
  try {
    return { body: JSON.parse(text), bodyText: text };
  } catch {
    return { body: text, bodyText: text };
  }
}
