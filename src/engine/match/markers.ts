/** The string markers: each stands for a kind of value. */
export const TYPE_MARKERS = {
  $string: { label: 'a string', test: (v: unknown) => typeof v === 'string' },
  $number: { label: 'a number', test: (v: unknown) => typeof v === 'number' && Number.isFinite(v) },
  $integer: { label: 'an integer', test: (v: unknown) => Number.isInteger(v) },
  $boolean: { label: 'a boolean', test: (v: unknown) => typeof v === 'boolean' },
  $array: { label: 'an array', test: (v: unknown) => Array.isArray(v) },
  $object: {
    label: 'an object',
    test: (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v),
  },
  $null: { label: 'null', test: (v: unknown) => v === null },
} as const;

export type TypeMarker = keyof typeof TYPE_MARKERS;

export function isTypeMarker(value: unknown): value is TypeMarker {
  return typeof value === 'string' && Object.hasOwn(TYPE_MARKERS, value);
}

/** Object markers that take one operand: `{ $regex: "…" }` etc. */
export const OPERATOR_MARKERS = ['$regex', '$oneOf', '$contains', '$sameMembers', '$exact', '$not'] as const;
export type OperatorMarker = (typeof OPERATOR_MARKERS)[number];

/** Numeric comparisons, which may be combined in one object: `{ $gt: 0, $lt: 10 }`. */
export const COMPARISONS = {
  $gt: { label: 'greater than', test: (a: number, b: number) => a > b },
  $gte: { label: 'at least', test: (a: number, b: number) => a >= b },
  $lt: { label: 'less than', test: (a: number, b: number) => a < b },
  $lte: { label: 'at most', test: (a: number, b: number) => a <= b },
} as const;
export type Comparison = keyof typeof COMPARISONS;

/** `{ $regex: x }` style: exactly one key, an operator marker. */
export function operatorOf(value: unknown): OperatorMarker | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  return (OPERATOR_MARKERS as readonly string[]).includes(keys[0] ?? '')
    ? (keys[0] as OperatorMarker)
    : undefined;
}

/** `{ $gt: 0, $lt: 10 }` style: every key is a comparison, at least one. */
export function isComparison(value: unknown): value is Partial<Record<Comparison, number>> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => Object.hasOwn(COMPARISONS, k));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
