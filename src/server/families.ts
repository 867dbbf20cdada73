import type { FaultSet } from './faults.js';
import type { Answer } from './http-io.js';
import type { Outcome } from './outcome.js';

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

/** Business errors answer HTTP 200: the body decides (a fault turns that into 500). */
export function businessStatus(faults: FaultSet): number {
  return faults.has('ix-op-06-business-error-500') ? 500 : 200;
}

/** Writes an operation's outcome in the operation's own response family. */
export function operationAnswer(operationName: string, outcome: Outcome, faults: FaultSet): Answer {
  if (!outcome.ok) {
    const body = isStatusCodeFamily(operationName)
      ? statusCodeError(outcome.code, outcome.message)
      : { status: 'error', errorDescription: outcome.message };
    return { status: businessStatus(faults), body };
  }
  return { status: 200, body: successBody(operationName, faults) };
}

function successBody(operationName: string, faults: FaultSet): unknown {
  switch (operationName) {
    case 'Cancel':
      return faults.has('ix-cancel-01-status-ok') ? { status: 'ok' } : { status: 0 };
    case 'Complete':
      return faults.has('ix-complete-01-wrong-family') ? { status: 'ok' } : { statusCode: 0 };
    case 'Transfer':
      return { statusCode: 0 };
    case 'Accept':
      return faults.has('ix-accept-01-wrong-family') ? { statusCode: 0 } : { status: 'ok' };
    default:
      return { status: 'ok' };
  }
}
