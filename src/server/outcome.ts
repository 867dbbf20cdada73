/** Body status codes of the contract. */
export const CODE = {
  ok: 0,
  missingParameter: 1,
  invalidParameter: 2,
  forbidden: 3,
  internal: 4,
  noPermission: 5,
  notFound: 6,
  notAuthenticated: 20,
} as const;

/**
 * Why a business refusal happened; it picks the HTTP status under the `http-4xx` reading of
 * business-error-http-status (400, 404, 409, 403) and the body code of another agent's interaction.
 */
export type Refusal = 'input' | 'unknown' | 'state' | 'others';

/** What an operation decided, before it is written in its response family. */
export type Outcome =
  | { ok: true /** The id of what the operation created (a Reply's new interaction). */; id?: string }
  | { ok: false; code: number; message: string; reason: Refusal };

export type Refused = Extract<Outcome, { ok: false }>;

export const OK: Outcome = { ok: true };

/** A refusal; its reason defaults from the code (3 another agent's, 6 unknown, otherwise input). */
export function fail(code: number, message: string, reason?: Refusal): Refused {
  const why: Refusal =
    reason ?? (code === CODE.forbidden ? 'others' : code === CODE.notFound ? 'unknown' : 'input');
  return { ok: false, code, message, reason: why };
}
