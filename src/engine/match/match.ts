import { HarnessError } from '../errors.js';
import { interpolate, interpolateString, type Vars } from '../vars/index.js';
import { childPath, show } from './describe.js';
import { COMPARISONS, isPlainObject, TYPE_MARKERS } from './markers.js';
import { compilePattern, type Pattern } from './pattern.js';

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
  vars: Vars;
}

/** Patterns compiled at load, by the raw value they came from: a run never parses one again. */
const compiledByRaw = new WeakMap<object, Pattern>();

/** The compiled form of a raw pattern; throws IC_E_PATTERN for one the loader would have refused. */
export function patternOf(raw: unknown): Pattern {
  if (raw !== null && typeof raw === 'object') {
    const known = compiledByRaw.get(raw);
    if (known) return known;
  }
  const { pattern, problems } = compilePattern(raw);
  const first = problems[0];
  if (first) {
    const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new HarnessError('IC_E_PATTERN', `bad pattern: ${where}${first.message}`, { path: first.path });
  }
  if (raw !== null && typeof raw === 'object') compiledByRaw.set(raw, pattern);
  return pattern;
}

/** Keeps the compiled form of a pattern the loader has checked (see `patternOf`). */
export function rememberPattern(raw: unknown, pattern: Pattern): void {
  if (raw !== null && typeof raw === 'object') compiledByRaw.set(raw, pattern);
}

/**
 * Compares an expected pattern (with markers and `${var}`) with an actual value. Every mismatch is
 * collected, so a report shows all differences at once. Throws IC_E_VAR_UNDEFINED for an unknown variable.
 */
export function match(expected: unknown, actual: unknown, opts: MatchOptions): MatchResult {
  const out: Mismatch[] = [];
  matchValue(patternOf(expected), actual, opts.root ?? '', {
    exact: opts.exact ?? false,
    out,
    vars: opts.vars,
  });
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
function trial(pattern: Pattern, actual: unknown, path: string, ctx: Context): Mismatch[] {
  const sub: Context = { exact: ctx.exact, out: [], vars: ctx.vars };
  matchValue(pattern, actual, path, sub);
  return sub.out;
}

/** The raw form of a pattern with its variables resolved, as shown in a mismatch. */
function shown(raw: unknown, ctx: Context): unknown {
  return interpolate(raw, ctx.vars);
}

function matchValue(pattern: Pattern, actual: unknown, path: string, ctx: Context): void {
  switch (pattern.is) {
    case 'any':
      return;
    case 'present':
      if (actual === undefined) fail(ctx, path, '$present', actual, 'a value');
      return;
    case 'absent':
      if (actual !== undefined) fail(ctx, path, '$absent', actual, 'no value');
      return;
    case 'type': {
      const marker = TYPE_MARKERS[pattern.marker];
      if (!marker.test(actual)) fail(ctx, path, pattern.marker, actual, marker.label);
      return;
    }
    case 'value': {
      if (typeof pattern.value !== 'string') {
        if (!Object.is(pattern.value, actual) && !(pattern.value === 0 && actual === 0))
          fail(ctx, path, pattern.value, actual, show(pattern.value));
        return;
      }
      const value = interpolateString(pattern.value, ctx.vars);
      // A whole `${var}` may hold an object or array captured earlier: it is matched as data.
      if (value !== null && typeof value === 'object') matchValue(literalPattern(value), actual, path, ctx);
      else if (!Object.is(value, actual)) fail(ctx, path, value, actual, show(value));
      return;
    }
    case 'regex': {
      const source = String(interpolateString(pattern.source, ctx.vars));
      const regex = pattern.compiled ?? runtimeRegex(source);
      if (typeof actual !== 'string' || !regex.test(actual))
        fail(ctx, path, { $regex: source }, actual, `a string matching /${source}/`);
      return;
    }
    case 'oneOf':
      if (!pattern.options.some((option) => trial(option, actual, path, ctx).length === 0)) {
        const options = shown(pattern.raw, ctx);
        fail(ctx, path, { $oneOf: options }, actual, `one of ${show(options)}`);
      }
      return;
    case 'contains':
      matchContains(pattern.items, pattern.raw, actual, path, ctx);
      return;
    case 'sameMembers':
      matchSameMembers(pattern.items, pattern.raw, actual, path, ctx);
      return;
    case 'exact':
      matchValue(pattern.pattern, actual, path, { ...ctx, exact: true });
      return;
    case 'not':
      if (trial(pattern.pattern, actual, path, ctx).length === 0) {
        const operand = shown(pattern.raw, ctx);
        fail(ctx, path, { $not: operand }, actual, `anything but ${show(operand)}`);
      }
      return;
    case 'compare': {
      const label = pattern.bounds.map(([op, bound]) => `${COMPARISONS[op].label} ${bound}`).join(' and ');
      if (
        typeof actual !== 'number' ||
        !pattern.bounds.every(([op, bound]) => COMPARISONS[op].test(actual, bound))
      )
        fail(ctx, path, pattern.raw, actual, `a number ${label}`);
      return;
    }
    case 'array':
      matchArray(pattern, actual, path, ctx);
      return;
    case 'object':
      matchObject(pattern, actual, path, ctx);
      return;
  }
}

/** Captured data used as a pattern: its strings are values, never markers or templates. */
function literalPattern(value: unknown): Pattern {
  if (Array.isArray(value)) return { is: 'array', items: value.map(literalPattern), raw: value };
  if (isPlainObject(value))
    return {
      is: 'object',
      entries: Object.entries(value).map(([k, v]) => [k, literalPattern(v)] as [string, Pattern]),
      raw: value,
    };
  if (typeof value === 'string') return { is: 'value', value: value.replaceAll('${', '$${') };
  return { is: 'value', value: value as number | boolean | null };
}

function matchObject(pattern: Pattern & { is: 'object' }, actual: unknown, path: string, ctx: Context): void {
  if (!isPlainObject(actual)) {
    fail(ctx, path, shown(pattern.raw, ctx), actual, 'an object');
    return;
  }
  const keys = new Set<string>();
  for (const [rawKey, expected] of pattern.entries) {
    const key = rawKey.includes('${') ? String(interpolateString(rawKey, ctx.vars)) : rawKey;
    keys.add(key);
    matchValue(expected, Object.hasOwn(actual, key) ? actual[key] : undefined, childPath(path, key), ctx);
  }
  if (!ctx.exact) return;
  for (const key of Object.keys(actual)) {
    if (!keys.has(key)) {
      fail(ctx, childPath(path, key), undefined, actual[key], 'no such key', `${show(actual[key])}`);
    }
  }
}

function matchArray(pattern: Pattern & { is: 'array' }, actual: unknown, path: string, ctx: Context): void {
  const { items } = pattern;
  if (!Array.isArray(actual)) {
    fail(ctx, path, shown(pattern.raw, ctx), actual, `an array of ${items.length}`);
    return;
  }
  if (actual.length !== items.length) {
    fail(
      ctx,
      path,
      shown(pattern.raw, ctx),
      actual,
      `${items.length} items`,
      `${actual.length}: ${show(actual)}`,
    );
  }
  const common = Math.min(items.length, actual.length);
  for (let i = 0; i < common; i++) matchValue(items[i] as Pattern, actual[i], childPath(path, i), ctx);
}

function matchContains(items: Pattern[], raw: unknown[], actual: unknown, path: string, ctx: Context): void {
  const wanted = shown(raw, ctx) as unknown[];
  if (!Array.isArray(actual)) {
    fail(ctx, path, { $contains: wanted }, actual, `an array containing ${show(wanted)}`);
    return;
  }
  for (const [n, item] of items.entries()) {
    const trials = actual.map((element, i) => trial(item, element, childPath(path, i), ctx));
    if (trials.some((t) => t.length === 0)) continue;
    const itemShown = wanted[n];
    // For an object pattern, the element that should have matched says more than the array's head.
    const got =
      isPlainObject(itemShown) && actual.length > 0 ? nearest(itemShown, actual, trials) : undefined;
    fail(ctx, path, { $contains: wanted }, actual, `an array containing ${show(itemShown)}`, got);
  }
}

function matchSameMembers(
  items: Pattern[],
  raw: unknown[],
  actual: unknown,
  path: string,
  ctx: Context,
): void {
  // Exactly these items, in any order: for sets the contract does not order (capabilities).
  const wanted = shown(raw, ctx);
  const expectation = `exactly ${show(wanted)} in any order`;
  if (!Array.isArray(actual) || actual.length !== items.length) {
    fail(ctx, path, { $sameMembers: wanted }, actual, expectation);
    return;
  }
  const free = actual.map((_, i) => i);
  for (const item of items) {
    const at = free.findIndex((i) => trial(item, actual[i], childPath(path, i), ctx).length === 0);
    if (at === -1) {
      fail(ctx, path, { $sameMembers: wanted }, actual, expectation);
      return;
    }
    free.splice(at, 1);
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

/** A regex whose variables are now known; one they make invalid is the scenario's input, not the target. */
function runtimeRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new HarnessError(
      'IC_E_PATTERN',
      `regular expression /${source}/ does not compile once its variables are replaced: ${(error as Error).message}`,
    );
  }
}
