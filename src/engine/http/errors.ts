import type { TransportFailureKind } from '../../model/index.js';

/**
 * Why a request got no (complete) answer. The model's kinds (docs/blame.md), plus `aborted` (we
 * cancelled it) and `other` (something we cannot attribute). The step turns them into a failed
 * `transport` check (the target's) or an error (ours), never into a throw.
 */
export type TransportErrorKind = Exclude<TransportFailureKind, 'harness'> | 'aborted' | 'other';

export interface TransportFailure {
  kind: TransportErrorKind;
  /** The underlying code, e.g. `ECONNREFUSED` or `UND_ERR_HEADERS_TIMEOUT`. */
  code: string;
  message: string;
}

/** What the exchange had got when it failed: the status line and headers, and how much of the body. */
export interface ExchangeProgress {
  /** Milliseconds from the request to the answer's headers, when they came. */
  headersMs?: number;
  /** Body bytes received before the failure. */
  bodyBytes: number;
  /** The answer's announced Content-Length, when it had one. */
  contentLength?: number;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'TimeoutError',
]);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);

/** Classifies whatever undici threw into a stable kind and a one-line message in words. */
export function classifyTransportError(
  err: unknown,
  timeoutMs: number,
  progress?: ExchangeProgress,
): TransportFailure {
  const e = err as
    | { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } }
    | undefined;
  // DOMExceptions (AbortSignal.timeout) carry a numeric legacy `code`: their name is the useful part.
  const isDomException = typeof e?.code === 'number';
  const code = String((isDomException ? e?.name : (e?.code ?? e?.cause?.code ?? e?.name)) ?? 'UNKNOWN');
  const midAnswer = progress?.headersMs !== undefined;
  if (TIMEOUT_CODES.has(code)) {
    const message = midAnswer
      ? `timeout: no complete answer within ${timeoutMs} ms: the headers came after ${Math.round(progress?.headersMs ?? 0)} ms, then only ${describeBytes(progress)} of the body (${code})`
      : `timeout: no complete answer within ${timeoutMs} ms: no answer at all (${code})`;
    return { kind: 'timeout', code, message };
  }
  if (code === 'ECONNREFUSED')
    return { kind: 'refused', code, message: `the target refused the connection (${code})` };
  if (code === 'IC_E_ANSWER_TOO_LARGE')
    return { kind: 'too-large', code, message: `${String(e?.message)} (${code})` };
  if (RESET_CODES.has(code)) {
    return midAnswer
      ? {
          kind: 'closed-early',
          code,
          message: `the target closed the connection in the middle of the answer, after ${describeBytes(progress)} of the body (${code})`,
        }
      : {
          kind: 'reset',
          code,
          message: `the target reset the connection after the request was sent, before any answer (${code})`,
        };
  }
  if (code.startsWith('HPE_') || code === 'UND_ERR_INFO' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return { kind: 'protocol', code, message: `the target's answer is not valid HTTP (${code})` };
  }
  if (code === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return { kind: 'aborted', code, message: `request aborted (${code})` };
  }
  return { kind: 'other', code, message: `transport error: ${String(e?.message ?? err)} (${code})` };
}

function describeBytes(progress: ExchangeProgress | undefined): string {
  const got = progress?.bodyBytes ?? 0;
  return progress?.contentLength === undefined
    ? `${got} byte(s)`
    : `${got} of the ${progress.contentLength} announced byte(s)`;
}

/**
 * Whose fault a transport failure is (docs/blame.md): everything the target did to the exchange is
 * the target's; a request we aborted ourselves or an error we cannot attribute is the harness's.
 */
export function isTargetFailure(failure: TransportFailure): boolean {
  return failure.kind !== 'aborted' && failure.kind !== 'other';
}
