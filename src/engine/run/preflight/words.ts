import type { TransportFailure } from '../../http/index.js';

/** 10000 → `10 s`, 1500 → `1.5 s`, 300 → `300 ms`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * Why `what` (e.g. `GET http://…/me/interactions`) got no answer, in words: never a bare code such as
 * `(23)`. Codes a user can search for (ECONNREFUSED) follow the words.
 */
export function noAnswer(what: string, failure: TransportFailure, timeoutMs: number): string {
  switch (failure.kind) {
    case 'timeout':
      return `${what}: no answer within ${duration(timeoutMs)}`;
    case 'refused':
      return `${what}: connection refused (${failure.code}); is the server running there?`;
    case 'reset':
      return `${what}: the connection was closed before an answer (${failure.code})`;
    case 'aborted':
      return `${what}: the request was aborted before an answer`;
    default:
      if (failure.code === 'ENOTFOUND' || failure.code === 'EAI_AGAIN') {
        return `${what}: the host name does not resolve (${failure.code})`;
      }
      return `${what}: no answer (${failure.message})`;
  }
}

/** `text/html; charset=utf-8` → `text/html`; absent → `without a content type`. */
export function contentTypeOf(headers: Record<string, unknown> | undefined): string {
  const raw = headers?.['content-type'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || value === '') return 'without a content type';
  return value.split(';')[0]?.trim() ?? value;
}

/** The `statusCode` of a JSON object answer, when it has a numeric one. */
export function statusCodeOf(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const code = (body as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Runs `fn` over `items`, at most `limit` at once, keeping the order of the results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
