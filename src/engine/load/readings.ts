import type { HttpExpectation, ReadingPoint, StepReading } from '../../model/index.js';
import { expectedName } from '../../model/suggest.js';
import type { ExpandedStep } from './fragments.js';
import { type LoadProblem, type Place, problemAt } from './problem.js';

/** What the loader asks of the reading catalogue (src/spec's Spec provides it). */
export interface ReadingLookup {
  reading(id: string): ReadingPoint | undefined;
  readings: ReadonlyArray<ReadingPoint>;
}

type Obj = Record<string, unknown>;

function placeIn(step: ExpandedStep, sub: Array<string | number>): Place {
  return step.via?.place ?? step.source.placeOf([...step.path, ...sub]);
}

/** The point named by a step's `reading` (the string form or `{ point }`). */
function pointOf(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (raw !== null && typeof raw === 'object' && typeof (raw as Obj).point === 'string')
    return (raw as Obj).point as string;
  return undefined;
}

function isEmpty(expectation: HttpExpectation): boolean {
  return Object.keys(expectation).length === 0;
}

/**
 * Checks a step's `reading` and `when` against the catalogue: unknown points and options are load
 * errors with "did you mean"; so is an option a scenario must spell out (the catalogue cannot
 * recognise it on its own) but leaves out.
 */
export function checkStepReadings(step: ExpandedStep, lookup: ReadingLookup, problems: LoadProblem[]): void {
  const { raw } = step;
  const known = lookup.readings.map((p) => p.id);
  const unknownPoint = (id: string, sub: Array<string | number>) =>
    problems.push(
      problemAt(placeIn(step, sub), 'IC_E_READING', `unknown reading "${id}"`, {
        rule: 'reading-exists',
        expected: expectedName(id, known, 'a point of spec/readings.yaml'),
      }),
    );
  const unknownOption = (point: ReadingPoint, option: string, sub: Array<string | number>) =>
    problems.push(
      problemAt(placeIn(step, sub), 'IC_E_READING', `reading ${point.id} has no option "${option}"`, {
        rule: 'reading-option-exists',
        expected: expectedName(
          option,
          point.options.map((o) => o.name),
          `one of ${point.options.map((o) => o.name).join(', ')}`,
        ),
      }),
    );

  if (raw.reading !== undefined) {
    const id = pointOf(raw.reading);
    const point = id === undefined ? undefined : lookup.reading(id);
    const pointSub = typeof raw.reading === 'string' ? ['reading'] : ['reading', 'point'];
    if (id !== undefined && !point) unknownPoint(id, pointSub);
    if (point) {
      const given = typeof raw.reading === 'object' ? (((raw.reading as Obj).options ?? {}) as Obj) : {};
      for (const option of Object.keys(given))
        if (!point.options.some((o) => o.name === option))
          unknownOption(point, option, ['reading', 'options', option]);
      const missing = point.options.filter((o) => given[o.name] === undefined && isEmpty(o.expect));
      if (missing.length > 0)
        problems.push(
          problemAt(
            placeIn(step, pointSub),
            'IC_E_READING',
            `reading ${point.id}: the catalogue cannot recognise option${missing.length > 1 ? 's' : ''} ${missing.map((o) => o.name).join(', ')} on its own`,
            {
              rule: 'reading-options-complete',
              expected: `options: { ${missing.map((o) => `${o.name}: <expectation>`).join(', ')} } (${missing.map((o) => o.wire).join('; ')})`,
            },
          ),
        );
    }
  }
  const when = raw.when;
  if (when !== null && typeof when === 'object') {
    for (const [id, value] of Object.entries(when as Obj)) {
      const point = lookup.reading(id);
      if (!point) {
        unknownPoint(id, ['when', id]);
        continue;
      }
      const options = Array.isArray(value) ? value.map(String) : [String(value)];
      for (const option of options)
        if (!point.options.some((o) => o.name === option)) unknownOption(point, option, ['when', id]);
    }
  }
}

/** The model's StepReading: every option of the point, the scenario's expectation or the catalogue's. */
export function buildReading(raw: unknown, lookup: ReadingLookup): StepReading | undefined {
  const id = pointOf(raw);
  const point = id === undefined ? undefined : lookup.reading(id);
  if (!point) return undefined;
  const given = typeof raw === 'object' && raw !== null ? (((raw as Obj).options ?? {}) as Obj) : {};
  const options: Record<string, HttpExpectation> = {};
  for (const o of point.options) options[o.name] = (given[o.name] as HttpExpectation | undefined) ?? o.expect;
  return { point: point.id, options };
}

/** `when: { point: option | [options] }` as point → options. */
export function buildWhen(raw: unknown): Record<string, string[]> | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  return Object.fromEntries(
    Object.entries(raw as Obj).map(([id, v]) => [id, Array.isArray(v) ? v.map(String) : [String(v)]]),
  );
}
