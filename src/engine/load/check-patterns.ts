import { kindOfRaw } from '../kinds/registry.js';
import { compilePattern, markersIn, type PatternProblem, rememberPattern } from '../match/index.js';
import { isTemplateProblem, parseTemplate } from '../vars/index.js';
import type { ExpandedStep } from './fragments.js';
import { type LoadProblem, type Place, problemAt } from './problem.js';

type Obj = Record<string, unknown>;
type Sub = Array<string | number>;

/** The reading options' bodies and headers: matched values of any step that shows a reading. */
function readingValues(raw: Obj): Array<[unknown, Sub]> {
  const found: Array<[unknown, Sub]> = [];
  const options = (raw.reading as Obj | undefined)?.options;
  if (options !== null && typeof options === 'object')
    for (const [name, option] of Object.entries(options as Obj)) {
      const o = option as Obj | undefined;
      if (o?.body !== undefined) found.push([o.body, ['reading', 'options', name, 'body']]);
      if (o?.headers !== undefined) found.push([o.headers, ['reading', 'options', name, 'headers']]);
    }
  return found;
}

/**
 * Compiles every pattern of a step (markers, regexes) and parses every template: a mistake is a
 * load problem at its file:line:col, never a surprise at run time. Compiled patterns are kept for
 * the matcher.
 */
export function checkStepPatterns(step: ExpandedStep, problems: LoadProblem[], inFragment: string): void {
  const place = (sub: Sub, key: boolean): Place =>
    step.via?.place ?? step.source.placeOf([...step.path, ...sub], key);
  const report = (base: Sub, found: PatternProblem[], code: 'IC_E_MARKER' | 'IC_E_TEMPLATE') => {
    for (const p of found)
      problems.push(
        problemAt(place([...base, ...p.path], p.atKey), code, `${p.message}${inFragment}`, {
          rule: code === 'IC_E_MARKER' ? 'marker' : 'template',
          expected: p.expected,
        }),
      );
  };
  const kinds = kindOfRaw(step.raw)?.patterns?.(step.raw) ?? { matched: [], sent: [] };
  for (const [value, sub] of [...kinds.matched, ...readingValues(step.raw)]) {
    const { pattern, problems: found } = compilePattern(value);
    // Templates are checked below, once for the whole step.
    report(
      sub,
      found.filter((p) => p.kind === 'marker'),
      'IC_E_MARKER',
    );
    if (found.length === 0) rememberPattern(value, pattern);
  }
  for (const [value, sub] of kinds.sent) report(sub, markersIn(value), 'IC_E_MARKER');
  report([], templateProblems(step.raw), 'IC_E_TEMPLATE');
}

/** Malformed `${…}` in every string of a value (keys included). */
function templateProblems(value: unknown, path: Sub = []): PatternProblem[] {
  if (typeof value === 'string') {
    const parsed = parseTemplate(value);
    return isTemplateProblem(parsed)
      ? [{ path, atKey: false, kind: 'template', message: parsed.message, expected: parsed.expected }]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => templateProblems(item, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      ...templateProblems(k, [...path, k]).map((p) => ({ ...p, atKey: true })),
      ...templateProblems(v, [...path, k]),
    ]);
  return [];
}
