/** Error codes of the reference server itself (startup and configuration), stable for callers. */
export type ServerErrorCode =
  | 'UNKNOWN_FAULT'
  | 'UNKNOWN_READING'
  | 'FIXTURES_INVALID'
  | 'FIXTURES_UNREADABLE'
  | 'LISTEN_FAILED';

/** A startup or configuration problem of the reference server; callers branch on `code`. */
export class ServerError extends Error {
  readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
  }
}
