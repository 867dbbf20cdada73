import type { ErrorCode } from '../errors.js';

/** One thing wrong with a suite or config file, with the place it was found. */
export interface LoadProblem {
  /** Stable code, e.g. `IC_E_SCHEMA`, `IC_E_REQUIREMENT`, `IC_E_VAR_UNDEFINED`. */
  code: ErrorCode;
  file: string;
  /** 1-based; 0 when the problem comes from the environment or a flag (then `file` names it). */
  line: number;
  /** 1-based. */
  col: number;
  /** One line, e.g. `unknown key "metod"`. */
  message: string;
  /** The rule broken (a schema keyword, or the check's name). */
  rule?: string;
  /** What would have been right, e.g. `one of GET, POST, PUT, DELETE, PATCH`. */
  expected?: string;
  /** The source line the problem is on, for the caret display. */
  sourceLine?: string;
  /** How many characters the caret underlines (at least 1). */
  length?: number;
}

/** A place in a loaded file, with what is needed to show it. */
export interface Place {
  file: string;
  line: number;
  col: number;
  sourceLine: string;
  length: number;
}

export function problemAt(
  place: Place,
  code: ErrorCode,
  message: string,
  extra: { rule?: string; expected?: string } = {},
): LoadProblem {
  return { code, ...place, message, ...extra };
}
