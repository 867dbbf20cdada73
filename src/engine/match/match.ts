import { interpolate, type Vars } from '../vars/index.js';
import { childPath, show } from './describe.js';
import {
  COMPARISONS,
  type Comparison,
  isComparison,
  isPlainObject,
  isTypeMarker,
  operatorOf,
  TYPE_MARKERS,
} from './markers.js';

export interface Mismatch {
  /** Where, e.g. `data.interaction.state` or `capabilities[1]`; the root label when it is the whole value. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** e.g. `data.interaction.state: expected "Processing", got "Invited"`. */
  message: string;
}

export interface MatchResult {
  passed: boolean;
  mismatches: Mismatch[];
}

export interface MatchOptions {
  vars: Vars;
  /** No extra keys at any depth. */
  exact?: boolean;
  /** Prefix of every path, e.g. `body`; empty by default. */
  root?: string;
}

interface Context {
  exact: boolean;
  out: Mismatch[];
}

/**
 * Compares an expected pattern (with markers and `${var}`) with an actual value. Every mismatch is
 * collected, so a report shows all differences at once. Throws E_VAR_UNDEFINED for an unknown variable.
 */
export function match(expected: unknown, actual: unknown, opts: MatchOptions): MatchResult {
  const pattern = interpolate(expected, opts.vars);
  const out: Mismatch[] = [];
  matchValue(pattern, actual, opts.root ?? '', { exact: opts.exact ?? false, out });
  return { passed: out.length === 0, mismatches: out };
}

function fail(
  ctx: Context,
  path: string,
  expected: unknown,
  actual: unknown,
  what: string,
  got?: string,
): void {
  const message = `${path === '' ? '' : `${path}: `}expected ${what}, got ${got ?? show(actual)}`;
  ctx.out.push({ path, expected, actual, message });
}

/** Runs a sub-match on its own list, for alternatives and negation. */
function trial(pattern: unknown, actual: unknown, path: string, exact: boolean): Mismatch[] {
  const ctx: Context = { exact, out: [] };
  matchValue(pattern, actual, path, ctx);
  return ctx.out;
}

function matchValue(pattern: unknown, actual: unknown, path: string, ctx: Context): void {
  if (pattern === '$any') return;
  if (pattern === '$present') {
    if (actual === undefined) fail(ctx, path, pattern, actual, 'a value');
    return;
  }
  if (pattern === '$absent') {
    if (actual !== undefined) fail(ctx, path, pattern, actual, 'no value');
    return;
  }
  if (isTypeMarker(pattern)) {
    const marker = TYPE_MARKERS[pattern];
    if (!marker.test(actual)) fail(ctx, path, pattern, actual, marker.label);
    return;
  }
  const operator = operatorOf(pattern);
  if (operator !== undefined) {
    matchOperator(operator, (pattern as Record<string, unknown>)[operator], actual, path, ctx);
    return;
  }
  if (isComparison(pattern)) {
    matchComparison(pattern, actual, path, ctx);
    return;
  }
  if (Array.isArray(pattern)) {
    matchArray(pattern, actual, path, ctx);
    return;
  }
  if (isPlainObject(pattern)) {
    matchObject(pattern, actual, path, ctx);
    return;
  }
  if (!Object.is(pattern, actual) && !(pattern === 0 && actual === 0))
    fail(ctx, path, pattern, actual, show(pattern));
}

function matchObject(pattern: Record<string, unknown>, actual: unknown, path: string, ctx: Context): void {
  if (!isPlainObject(actual)) {
    fail(ctx, path, pattern, actual, 'an object');
    return;
  }
  for (const [key, expected] of Object.entries(pattern)) {
    matchValue(expected, Object.hasOwn(actual, key) ? actual[key] : undefined, childPath(path, key), ctx);
  }
  if (!ctx.exact) return;
  for (const key of Object.keys(actual)) {
    if (!Object.hasOwn(pattern, key)) {
      fail(ctx, childPath(path, key), undefined, actual[key], 'no such key', `${show(actual[key])}`);
    }
  }
}

function matchArray(pattern: unknown[], actual: unknown, path: string, ctx: Context): void {
  if (!Array.isArray(actual)) {
    fail(ctx, path, pattern, actual, `an array of ${pattern.length}`);
    return;
  }
  if (actual.length !== pattern.length) {
    fail(ctx, path, pattern, actual, `${pattern.length} items`, `${actual.length}: ${show(actual)}`);
  }
  const common = Math.min(pattern.length, actual.length);
  for (let i = 0; i < common; i++) matchValue(pattern[i], actual[i], childPath(path, i), ctx);
}

function matchOperator(
  operator: string,
  operand: unknown,
  actual: unknown,
  path: string,
  ctx: Context,
): void {
  switch (operator) {
    case '$regex': {
      const source = String(operand);
      if (typeof actual !== 'string' || !new RegExp(source).test(actual)) {
        fail(ctx, path, { $regex: source }, actual, `a string matching /${source}/`);
      }
      return;
    }
    case '$oneOf': {
      const options = Array.isArray(operand) ? operand : [operand];
      if (!options.some((option) => trial(option, actual, path, ctx.exact).length === 0)) {
        fail(ctx, path, { $oneOf: options }, actual, `one of ${show(options)}`);
      }
      return;
    }
    case '$contains': {
      const wanted = Array.isArray(operand) ? operand : [operand];
      if (!Array.isArray(actual)) {
        fail(ctx, path, { $contains: wanted }, actual, `an array containing ${show(wanted)}`);
        return;
      }
      for (const item of wanted) {
        const trials = actual.map((element, i) => trial(item, element, childPath(path, i), ctx.exact));
        if (trials.some((t) => t.length === 0)) continue;
        // For an object pattern, the element that should have matched says more than the array's head.
        const got = isPlainObject(item) && actual.length > 0 ? nearest(item, actual, trials) : undefined;
        fail(ctx, path, { $contains: wanted }, actual, `an array containing ${show(item)}`, got);
      }
      return;
    }
    case '$sameMembers': {
      // Exactly these items, in any order: for sets the contract does not order (capabilities).
      const wanted = Array.isArray(operand) ? operand : [operand];
      const expectation = `exactly ${show(wanted)} in any order`;
      if (!Array.isArray(actual) || actual.length !== wanted.length) {
        fail(ctx, path, { $sameMembers: wanted }, actual, expectation);
        return;
      }
      const free = actual.map((_, i) => i);
      for (const item of wanted) {
        const at = free.findIndex((i) => trial(item, actual[i], childPath(path, i), ctx.exact).length === 0);
        if (at === -1) {
          fail(ctx, path, { $sameMembers: wanted }, actual, expectation);
          return;
        }
        free.splice(at, 1);
      }
      return;
    }
    case '$exact':
      matchValue(operand, actual, path, { exact: true, out: ctx.out });
      return;
    case '$not':
      if (trial(operand, actual, path, ctx.exact).length === 0) {
        fail(ctx, path, { $not: operand }, actual, `anything but ${show(operand)}`);
      }
      return;
  }
}

function matchComparison(
  pattern: Partial<Record<Comparison, number>>,
  actual: unknown,
  path: string,
  ctx: Context,
): void {
  const parts = Object.entries(pattern) as Array<[Comparison, number]>;
  const label = parts.map(([op, bound]) => `${COMPARISONS[op].label} ${bound}`).join(' and ');
  if (typeof actual !== 'number' || !parts.every(([op, bound]) => COMPARISONS[op].test(actual, bound))) {
    fail(ctx, path, pattern, actual, `a number ${label}`);
  }
}

/**
 * What to show of an array that lacks an expected item: the element with the same `id` (or, failing
 * that, the one closest to the pattern) and how it differs, rather than the head of the array.
 */
function nearest(item: Record<string, unknown>, actual: unknown[], trials: Mismatch[][]): string {
  const id = item.id;
  let at =
    id === undefined
      ? -1
      : actual.findIndex(
          (element) => isPlainObject(element) && JSON.stringify(element.id) === JSON.stringify(id),
        );
  const sameId = at !== -1;
  if (!sameId) {
    at = 0;
    for (const [i, t] of trials.entries()) if (t.length < (trials[at]?.length ?? Infinity)) at = i;
  }
  const differences = (trials[at] ?? []).map((m) => m.message).join('; ');
  const which = sameId ? `the element with id ${show(id)}` : `the closest element`;
  return `${actual.length} element(s); ${which}, [${at}], differs: ${differences}`;
}
