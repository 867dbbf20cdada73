/** Stable codes for everything the reporters can refuse; callers branch on `code`, never on text. */
export type ReportErrorCode =
  | 'BASELINE_NOT_FOUND'
  | 'BASELINE_INVALID'
  | 'REPORT_NOT_FOUND'
  | 'REPORT_INVALID'
  | 'MERGE_MISMATCH'
  | 'MERGE_DUPLICATE_SCENARIO'
  | 'MERGE_NO_INPUT'
  | 'MERGE_SHARDS'
  | 'BASELINE_UNKNOWN_REQUIREMENT'
  | 'FAIL_ON_INVALID'
  | 'WRITER_FAILED';

export class ReportError extends Error {
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}
