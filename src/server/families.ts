import type { FaultSet } from './faults.js';
import type { Answer } from './http-io.js';
import { CODE, type Outcome, type Refusal, type Refused } from './outcome.js';
import type { ReadingSet } from './readings.js';

/** What decides how an answer is written: the faults switched on and the readings in force. */
export interface Switches {
  faults: FaultSet;
  readings: ReadingSet;
}

/** Operations that answer `{"statusCode":…}`; every other operation answers `{"status":…}`. */
const STATUS_CODE_FAMILY = new Set(['Complete', 'Transfer', 'Cancel']);

export function isStatusCodeFamily(operationName: string): boolean {
  return STATUS_CODE_FAMILY.has(operationName);
}

/** A statusCode-family error body, used by every endpoint outside the status family. */
export function statusCodeError(
  code: number,
  message: string,
): { statusCode: number; statusMessage: string } {
  return { statusCode: code, statusMessage: message };
}

/** The 4xx of each refusal under the `http-4xx` reading of business-error-http-status. */
const REFUSAL_STATUS: Readonly<Record<Refusal, number>> = {
  input: 400,
  unknown: 404,
  state: 409,
  others: 403,
};

/**
 * The HTTP status of a business refusal: 200, the body decides (reading business-error-http-status
 * `http-200`), or a 4xx by the refusal's reason (`http-4xx`); the ix-op-06 fault makes it 500.
 */
export function businessStatus(sw: Switches, reason: Refusal): number {
  if (sw.faults.has('ix-op-06-business-error-500')) return 500;
  return sw.readings.is('business-error-http-status', 'http-4xx') ? REFUSAL_STATUS[reason] : 200;
}

/** The body code of a refusal: another agent's interaction is 3 (`code-3`) or 5 (`code-5`). */
function refusalCode(sw: Switches, outcome: Refused): number {
  if (outcome.reason === 'others' && sw.readings.is('others-interaction-code', 'code-5'))
    return CODE.noPermission;
  return outcome.code;
}

/** A business refusal in the statusCode family (GET/PUT endpoints, input errors, Complete, Transfer, Cancel). */
export function statusCodeRefusal(sw: Switches, outcome: Refused): Answer {
  return {
    status: businessStatus(sw, outcome.reason),
    body: statusCodeError(refusalCode(sw, outcome), outcome.message),
  };
}

/** Writes an operation's outcome in the operation's own response family. */
export function operationAnswer(operationName: string, outcome: Outcome, sw: Switches): Answer {
  if (!outcome.ok) {
    if (isStatusCodeFamily(operationName)) return statusCodeRefusal(sw, outcome);
    return {
      status: businessStatus(sw, outcome.reason),
      body: { status: 'error', errorDescription: outcome.message },
    };
  }
  // No body: an empty HTTP 200 (reading accept-reject-success-body `empty`).
  return { status: 200, body: successBody(operationName, outcome, sw) };
}

function successBody(operationName: string, outcome: Outcome & { ok: true }, sw: Switches): unknown {
  const { faults, readings } = sw;
  switch (operationName) {
    case 'Cancel':
      return faults.has('ix-cancel-01-status-ok') ? { status: 'ok' } : { status: 0 };
    case 'Complete':
      return faults.has('ix-complete-01-wrong-family') ? { status: 'ok' } : { statusCode: 0 };
    case 'Transfer':
      return { statusCode: 0 };
    case 'Accept':
      if (faults.has('ix-accept-01-wrong-family')) return { statusCode: 0 };
      return readings.is('accept-reject-success-body', 'empty') ? undefined : { status: 'ok' };
    case 'Reject':
      return readings.is('accept-reject-success-body', 'empty') ? undefined : { status: 'ok' };
    case 'Reply':
    case 'ReplyAll':
      return readings.is('reply-answer', 'status-code-id') && outcome.id !== undefined
        ? { statusCode: 0, id: outcome.id }
        : { status: 'ok' };
    default:
      return { status: 'ok' };
  }
}
