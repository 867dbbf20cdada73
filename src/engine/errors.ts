/**
 * The harness's own error: callers branch on `code`, never on the message text.
 * Codes used by the loader, variables and config start with `E_`.
 */
export class HarnessError extends Error {
  readonly code: string;
  /** Extra data for the caller (e.g. the variable name), serialisable. */
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
    this.details = details;
  }
}

export function isHarnessError(error: unknown, code?: string): error is HarnessError {
  return error instanceof HarnessError && (code === undefined || error.code === code);
}
