const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const FACTOR = { ms: 1, s: 1000, m: 60_000 } as const;

/** `300ms`, `5s`, `1.5s`, `1m` or a whole number of milliseconds → milliseconds; `undefined` when not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * FACTOR[m[2] as keyof typeof FACTOR]);
}

export const DURATION_HELP = 'a duration such as 300ms, 5s, 1.5s, 1m, or a whole number of milliseconds';
