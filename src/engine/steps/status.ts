export type StatusExpectation = number | number[] | string | string[];

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
