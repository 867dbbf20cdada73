/** Why a request got no answer. The runner turns these into `error` outcomes, never into throws. */
export type TransportErrorKind = 'timeout' | 'refused' | 'reset' | 'aborted' | 'other';

export interface TransportFailure {
  kind: TransportErrorKind;
  /** The underlying code, e.g. `ECONNREFUSED` or `UND_ERR_HEADERS_TIMEOUT`. */
  code: string;
  message: string;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);

/** Classifies whatever undici threw into a stable kind and a one-line message. */
export function classifyTransportError(err: unknown, timeoutMs: number): TransportFailure {
  const e = err as
    | { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } }
    | undefined;
  // DOMExceptions (AbortSignal.timeout) carry a numeric legacy `code`: their name is the useful part.
  const isDomException = typeof e?.code === 'number';
  const code = String((isDomException ? e?.name : (e?.code ?? e?.cause?.code ?? e?.name)) ?? 'UNKNOWN');
  if (TIMEOUT_CODES.has(code) || code === 'TimeoutError') {
    return { kind: 'timeout', code, message: `timeout: no complete answer within ${timeoutMs} ms (${code})` };
  }
  if (code === 'ECONNREFUSED') return { kind: 'refused', code, message: `connection refused (${code})` };
  if (RESET_CODES.has(code)) return { kind: 'reset', code, message: `connection reset or closed (${code})` };
  if (code === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return { kind: 'aborted', code, message: `request aborted (${code})` };
  }
  return { kind: 'other', code, message: `transport error: ${String(e?.message ?? err)} (${code})` };
}
