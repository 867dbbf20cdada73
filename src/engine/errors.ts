/**
 * Every stable error code of the engine and the command line: `IC_E_` then the name. Callers branch
 * on the code, never on the message text. Load problems (`LoadProblem.code`) use the same codes.
 */
export type ErrorCode = `IC_E_${string}`;

/**
 * The one base of the engine's errors (CometdError, ProvisionError, ActorPoolError, AnswerTooLarge,
 * UsageError are HarnessErrors). Each is the harness's side: its input, its configuration, its
 * provisioner or its transports, never a verdict on the target, which the steps' checks give.
 */
export class HarnessError extends Error {
  readonly code: ErrorCode;
  /** Extra data for the caller (e.g. the variable name), serialisable. */
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
    this.details = details;
  }
}

export function isHarnessError(error: unknown, code?: ErrorCode): error is HarnessError {
  return error instanceof HarnessError && (code === undefined || error.code === code);
}

/** The code of whatever was thrown, when it is one of ours. */
export function errorCodeOf(error: unknown): ErrorCode | undefined {
  return error instanceof HarnessError ? error.code : undefined;
}
