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

/** What an operation decided, before it is written in its response family. */
export type Outcome = { ok: true } | { ok: false; code: number; message: string };

export const OK: Outcome = { ok: true };

export function fail(code: number, message: string): Outcome {
  return { ok: false, code, message };
}
