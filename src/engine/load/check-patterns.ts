import { compilePattern, markersIn, type PatternProblem, rememberPattern } from '../match/index.js';
import { isTemplateProblem, parseTemplate } from '../vars/index.js';
import type { ExpandedStep } from './fragments.js';
import { type LoadProblem, type Place, problemAt } from './problem.js';

type Obj = Record<string, unknown>;
type Sub = Array<string | number>;

/** Where the patterns of a step are: matched values (markers allowed). */
function matchedValues(raw: Obj): Array<[unknown, Sub]> {
  const found: Array<[unknown, Sub]> = [];
  const expect = raw.expect as Obj | undefined;
  if (expect?.body !== undefined) found.push([expect.body, ['expect', 'body']]);
  if (expect?.headers !== undefined) found.push([expect.headers, ['expect', 'headers']]);
  for (const kind of ['message', 'no-message']) {
    const m = raw[kind] as Obj | undefined;
    if (m?.match !== undefined) found.push([m.match, [kind, 'match']]);
  }
  const options = (raw.reading as Obj | undefined)?.options;
  if (options !== null && typeof options === 'object')
    for (const [name, option] of Object.entries(options as Obj)) {
      const o = option as Obj | undefined;
      if (o?.body !== undefined) found.push([o.body, ['reading', 'options', name, 'body']]);
      if (o?.headers !== undefined) found.push([o.headers, ['reading', 'options', name, 'headers']]);
    }
  return found;
}

/** Values that are sent, not matched: a marker there would go out as is. */
function sentValues(raw: Obj): Array<[unknown, Sub]> {
  const http = raw.http as Obj | undefined;
  const found: Array<[unknown, Sub]> = [];
  for (const key of ['body', 'query', 'headers'])
    if (http?.[key] !== undefined) found.push([http[key], ['http', key]]);
  if (raw.provision !== undefined) found.push([raw.provision, ['provision']]);
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
  for (const [value, sub] of matchedValues(step.raw)) {
    const { pattern, problems: found } = compilePattern(value);
    // Templates are checked below, once for the whole step.
    report(
      sub,
      found.filter((p) => p.kind === 'marker'),
      'IC_E_MARKER',
    );
    if (found.length === 0) rememberPattern(value, pattern);
  }
  for (const [value, sub] of sentValues(step.raw)) report(sub, markersIn(value), 'IC_E_MARKER');
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
