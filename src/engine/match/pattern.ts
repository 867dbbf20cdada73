import { expectedName } from '../../model/suggest.js';
import { isTemplateProblem, parseTemplate } from '../vars/template.js';
import {
  COMPARISONS,
  type Comparison,
  isPlainObject,
  OPERATOR_MARKERS,
  TYPE_MARKERS,
  type TypeMarker,
} from './markers.js';

/**
 * A matcher pattern parsed once: every node knows what it tests. Markers are a closed set; anything
 * else that looks like one (`$gtt`, `{ $regex: "(" }`, `{ $regex: x, other: y }`) is a problem found
 * here, when the suite loads, never at run time. Strings stay templates (`${id}`), resolved per match.
 */
export type Pattern =
  | { is: 'any' }
  | { is: 'present' }
  | { is: 'absent' }
  | { is: 'type'; marker: TypeMarker }
  /** A literal scalar; a string may hold run-time variables. */
  | { is: 'value'; value: string | number | boolean | null }
  | { is: 'regex'; source: string; compiled?: RegExp }
  | { is: 'oneOf'; options: Pattern[]; raw: unknown[] }
  | { is: 'contains'; items: Pattern[]; raw: unknown[] }
  | { is: 'sameMembers'; items: Pattern[]; raw: unknown[] }
  | { is: 'exact'; pattern: Pattern }
  | { is: 'not'; pattern: Pattern; raw: unknown }
  | { is: 'compare'; bounds: Array<[Comparison, number]>; raw: Record<string, number> }
  | { is: 'array'; items: Pattern[]; raw: unknown[] }
  | { is: 'object'; entries: Array<[string, Pattern]>; raw: Record<string, unknown> };

/** One thing wrong in a pattern: where (a path below the pattern's root) and what. */
export interface PatternProblem {
  path: Array<string | number>;
  /** The key itself is wrong (point at the key, not its value). */
  atKey: boolean;
  /** A marker misused, or a malformed `${…}` template. */
  kind: 'marker' | 'template';
  message: string;
  expected: string;
}

const STRING_MARKERS = ['$any', '$present', '$absent', ...Object.keys(TYPE_MARKERS)];
const OBJECT_MARKERS = [...OPERATOR_MARKERS, ...Object.keys(COMPARISONS)];
const ALL_MARKERS = [...STRING_MARKERS, ...OBJECT_MARKERS];

/** Looks like a marker: `$` then a letter (a template `${…}` or a literal `$${` does not). */
const looksLikeMarker = (text: string) => /^\$[A-Za-z]/.test(text);

/** Parses a raw pattern (as written in YAML) into a Pattern tree; problems are collected, not thrown. */
export function compilePattern(raw: unknown): { pattern: Pattern; problems: PatternProblem[] } {
  const problems: PatternProblem[] = [];
  const pattern = compile(raw, [], problems);
  return { pattern, problems };
}

function compile(raw: unknown, path: Array<string | number>, problems: PatternProblem[]): Pattern {
  const problem = (message: string, expected: string, at = path, atKey = false) =>
    problems.push({ path: at, atKey, kind: 'marker', message, expected });
  if (typeof raw === 'string') {
    if (raw === '$any') return { is: 'any' };
    if (raw === '$present') return { is: 'present' };
    if (raw === '$absent') return { is: 'absent' };
    if (Object.hasOwn(TYPE_MARKERS, raw)) return { is: 'type', marker: raw as TypeMarker };
    if (looksLikeMarker(raw)) {
      const objectOnly = OBJECT_MARKERS.includes(raw);
      problem(
        objectOnly ? `marker ${raw} takes an operand` : `unknown marker "${raw}"`,
        objectOnly
          ? `{ ${raw}: … }`
          : expectedName(
              raw,
              ALL_MARKERS,
              `one of ${STRING_MARKERS.join(', ')} (a literal "$…" string: { $regex: "^\\\\${raw.slice(1)}$" })`,
            ),
      );
    }
    checkTemplate(raw, path, problems);
    return { is: 'value', value: raw };
  }
  if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) return { is: 'value', value: raw };
  if (Array.isArray(raw))
    return { is: 'array', items: raw.map((item, i) => compile(item, [...path, i], problems)), raw };
  if (!isPlainObject(raw)) {
    problem(`not a pattern: ${String(raw)}`, 'a JSON value');
    return { is: 'any' };
  }
  const keys = Object.keys(raw);
  const markerKeys = keys.filter(looksLikeMarker);
  if (markerKeys.length === 0) {
    return {
      is: 'object',
      entries: keys.map((key) => {
        checkTemplate(key, [...path, key], problems, true);
        return [key, compile(raw[key], [...path, key], problems)] as [string, Pattern];
      }),
      raw,
    };
  }
  for (const key of markerKeys) {
    if (OBJECT_MARKERS.includes(key)) continue;
    problem(
      STRING_MARKERS.includes(key) ? `marker ${key} is a value, not a key` : `unknown marker "${key}"`,
      STRING_MARKERS.includes(key)
        ? `${key} alone, as the value`
        : expectedName(key, OBJECT_MARKERS, `one of ${OBJECT_MARKERS.join(', ')}`),
      [...path, key],
      true,
    );
  }
  if (markerKeys.some((k) => !OBJECT_MARKERS.includes(k))) return { is: 'any' };
  const comparisons = keys.filter((k) => Object.hasOwn(COMPARISONS, k));
  if (comparisons.length === keys.length) return compileComparison(raw, path, problems);
  if (keys.length !== 1) {
    problem(
      `marker ${markerKeys.join(', ')} must be alone in its object (found ${keys.join(', ')})`,
      keys.length === markerKeys.length
        ? 'one marker per object; combine with $not or $oneOf, or nest'
        : `{ ${markerKeys[0]}: … } as the value of a key, e.g. { ${keys.find((k) => !looksLikeMarker(k))}: …, other: { ${markerKeys[0]}: … } }`,
      path,
    );
    return { is: 'any' };
  }
  const key = keys[0] as string;
  const operand = raw[key];
  const at = [...path, key];
  switch (key) {
    case '$regex': {
      if (typeof operand !== 'string') {
        problem(
          `$regex takes a string, got ${JSON.stringify(operand)}`,
          'a regular expression as a string',
          at,
        );
        return { is: 'any' };
      }
      checkTemplate(operand, at, problems);
      const compiled = compileRegex(operand);
      if (typeof compiled === 'string') {
        problem(
          `regular expression /${operand}/ does not compile: ${compiled}`,
          'a JavaScript regular expression',
          at,
        );
        return { is: 'any' };
      }
      return { is: 'regex', source: operand, ...(compiled ? { compiled } : {}) };
    }
    case '$oneOf':
    case '$contains':
    case '$sameMembers': {
      const list = Array.isArray(operand) ? operand : [operand];
      const items = list.map((item, i) => compile(item, Array.isArray(operand) ? [...at, i] : at, problems));
      if (key === '$oneOf') return { is: 'oneOf', options: items, raw: list };
      return key === '$contains'
        ? { is: 'contains', items, raw: list }
        : { is: 'sameMembers', items, raw: list };
    }
    case '$exact':
      return { is: 'exact', pattern: compile(operand, at, problems) };
    case '$not':
      return { is: 'not', pattern: compile(operand, at, problems), raw: operand };
  }
  return { is: 'any' };
}

function compileComparison(
  raw: Record<string, unknown>,
  path: Array<string | number>,
  problems: PatternProblem[],
): Pattern {
  const bounds: Array<[Comparison, number]> = [];
  for (const [key, bound] of Object.entries(raw)) {
    if (typeof bound !== 'number') {
      problems.push({
        path: [...path, key],
        atKey: false,
        kind: 'marker',
        message: `${key} takes a number, got ${JSON.stringify(bound)}`,
        expected: `{ ${key}: 0 }`,
      });
      continue;
    }
    bounds.push([key as Comparison, bound]);
  }
  return { is: 'compare', bounds, raw: raw as Record<string, number> };
}

/**
 * A regex without variables is compiled now (the RegExp is kept); one with `${…}` is checked with
 * each variable as an empty string, and compiled per match once its variables are known.
 */
function compileRegex(source: string): RegExp | undefined | string {
  const template = parseTemplate(source);
  if (isTemplateProblem(template)) return undefined;
  const probe = template.parts.map((p) => ('text' in p ? p.text : '')).join('');
  try {
    const compiled = new RegExp(probe);
    return template.parts.some((p) => 'variable' in p) ? undefined : compiled;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

function checkTemplate(
  text: string,
  path: Array<string | number>,
  problems: PatternProblem[],
  atKey = false,
): void {
  const parsed = parseTemplate(text);
  if (isTemplateProblem(parsed))
    problems.push({ path, atKey, kind: 'template', message: parsed.message, expected: parsed.expected });
}

/** Markers where a value is sent, not matched (a request body, query, headers): they would go out as is. */
export function markersIn(raw: unknown, path: Array<string | number> = []): PatternProblem[] {
  const found: PatternProblem[] = [];
  const visit = (value: unknown, at: Array<string | number>) => {
    if (typeof value === 'string') {
      if (ALL_MARKERS.includes(value))
        found.push({
          path: at,
          atKey: false,
          kind: 'marker',
          message: `marker ${value} in a value that is sent, not matched`,
          expected: 'markers only in expect.body, expect.headers and match',
        });
    } else if (Array.isArray(value)) for (const [i, item] of value.entries()) visit(item, [...at, i]);
    else if (isPlainObject(value))
      for (const [key, item] of Object.entries(value)) {
        if (ALL_MARKERS.includes(key))
          found.push({
            path: [...at, key],
            atKey: true,
            kind: 'marker',
            message: `marker ${key} in a value that is sent, not matched`,
            expected: 'markers only in expect.body, expect.headers and match',
          });
        else visit(item, [...at, key]);
      }
  };
  visit(raw, path);
  return found;
}
