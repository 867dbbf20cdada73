/** Stable codes of the spec loader's errors; callers branch on the code, never on the message. */
export type SpecErrorCode =
  | 'SPEC_ROOT_NOT_FOUND'
  | 'SPEC_FILE_UNREADABLE'
  | 'SPEC_FILE_INVALID'
  | 'SPEC_SCHEMA_INVALID'
  | 'SPEC_VARIANTS_INVALID'
  | 'SPEC_REQUIREMENTS_INVALID'
  | 'SPEC_READINGS_INVALID'
  | 'SPEC_UNKNOWN_VARIANT';

/** A problem with the files under spec/ or a call naming something they do not define. */
export class SpecError extends Error {
  readonly code: SpecErrorCode;

  constructor(code: SpecErrorCode, message: string) {
    super(message);
    this.name = 'SpecError';
    this.code = code;
  }
}
