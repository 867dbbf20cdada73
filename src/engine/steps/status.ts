import type { Strictness } from '../../model/index.js';

export type StatusExpectation = number | number[] | string | string[];

/**
 * The status a step expects when it names none: strict → 200; lenient → 2xx or 4xx for failure
 * variants (business errors may come with a 4xx there), 2xx otherwise.
 */
export function defaultStatus(strictness: Strictness, variant: string | undefined): StatusExpectation {
  if (strictness === 'strict') return 200;
  const failureVariant =
    variant !== undefined && (variant.endsWith('.failure') || variant.startsWith('Error.'));
  return failureVariant ? ['2xx', '4xx'] : '2xx';
}

export function statusMatches(expected: StatusExpectation, actual: number): boolean {
  if (Array.isArray(expected)) return expected.some((e) => statusMatches(e, actual));
  if (typeof expected === 'number') return expected === actual;
  const text = expected.trim().toLowerCase();
  const klass = /^([1-5])xx$/.exec(text);
  if (klass) return Math.floor(actual / 100) === Number(klass[1]);
  return Number(text) === actual;
}

export function describeStatus(expected: StatusExpectation): string {
  return Array.isArray(expected) ? expected.join(' or ') : String(expected);
}
