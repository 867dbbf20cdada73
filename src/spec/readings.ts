import type { DeclaredReadings, HttpExpectation, ReadingOption, ReadingPoint } from '../model/index.js';
import { SpecError } from './errors.js';
import { isPlainObject } from './read-file.js';

/** The shape of a reading point id or an option name (options may keep a state's capital letter). */
const POINT_ID = /^[a-z][a-z0-9-]*$/;
const OPTION_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

function fail(where: string, why: string): never {
  throw new SpecError('SPEC_READINGS_INVALID', `spec/readings.yaml: ${where}: ${why}`);
}

function text(entry: Record<string, unknown>, key: string, where: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || value.trim() === '') fail(where, `\`${key}\` must be a non-empty string`);
  return value.trim();
}

function option(raw: unknown, where: string): ReadingOption {
  if (!isPlainObject(raw)) fail(where, 'an option must be a map');
  const name = text(raw, 'name', where);
  if (!OPTION_NAME.test(name)) fail(where, `option name ${name} must be letters, digits and dashes`);
  const expect = raw.expect ?? {};
  if (!isPlainObject(expect)) fail(`${where} ${name}`, '`expect` must be a map (an http expectation)');
  return { name, wire: text(raw, 'wire', `${where} ${name}`), expect: expect as HttpExpectation };
}

/** Parses spec/readings.yaml (already read), checking every field and every cross-reference. */
export function parseReadings(doc: unknown, requirementIds: ReadonlySet<string>): ReadingPoint[] {
  if (!isPlainObject(doc) || !Array.isArray(doc.readings)) fail('top level', 'expected a `readings` list');
  const seen = new Set<string>();
  return doc.readings.map((raw: unknown, index: number) => {
    if (!isPlainObject(raw)) fail(`entry ${index + 1}`, 'expected a map');
    const id = text(raw, 'id', `entry ${index + 1}`);
    if (!POINT_ID.test(id)) fail(id, 'an id is lowercase words joined by dashes');
    if (seen.has(id)) fail(id, 'appears twice');
    seen.add(id);
    if (!Array.isArray(raw.options) || raw.options.length < 2)
      fail(id, 'a point lists at least two defensible options');
    const options = raw.options.map((o: unknown, i: number) => option(o, `${id} option ${i + 1}`));
    const names = options.map((o) => o.name);
    if (new Set(names).size !== names.length) fail(id, 'option names must be unique');
    const reference = text(raw, 'reference', id);
    const alternate = text(raw, 'alternate', id);
    for (const [key, value] of [
      ['reference', reference],
      ['alternate', alternate],
    ] as const) {
      if (!names.includes(value)) fail(id, `${key} ${value} is not one of its options (${names.join(', ')})`);
    }
    if (reference === alternate) fail(id, 'the alternate option must differ from the reference one');
    const requirements = raw.requirements;
    if (!Array.isArray(requirements) || !requirements.every((r) => typeof r === 'string'))
      fail(id, '`requirements` must list requirement ids');
    for (const r of requirements as string[])
      if (!requirementIds.has(r)) fail(id, `unknown requirement ${r}`);
    const point: ReadingPoint = {
      id,
      question: text(raw, 'question', id),
      requirements: requirements as string[],
      options,
      reference,
      alternate,
    };
    if (raw.errata !== undefined) point.errata = text(raw, 'errata', id);
    return point;
  });
}

/**
 * Checks a declaration (point → option or options) against the catalogue. Returns the problems, each
 * naming the point or option, with a suggestion when one is close.
 */
export function checkDeclaredReadings(points: ReadingPoint[], declared: DeclaredReadings): string[] {
  const problems: string[] = [];
  const byId = new Map(points.map((p) => [p.id, p]));
  for (const [id, options] of Object.entries(declared)) {
    const point = byId.get(id);
    if (!point) {
      problems.push(`unknown reading point "${id}"; known points: ${[...byId.keys()].join(', ')}`);
      continue;
    }
    const names = point.options.map((o) => o.name);
    for (const o of options)
      if (!names.includes(o))
        problems.push(`reading ${id}: unknown option "${o}"; its options are ${names.join(', ')}`);
  }
  return problems;
}

/** The reference server's options (`reference`) or the alternate ones (`alternate`), as a declaration. */
export function readingsOf(points: ReadingPoint[], which: 'reference' | 'alternate'): DeclaredReadings {
  return Object.fromEntries(points.map((p) => [p.id, [p[which]]]));
}
