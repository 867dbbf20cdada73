import { type Basis, PROFILES, type Profile, type Requirement } from '../model/index.js';
import { SpecError } from './errors.js';
import { isPlainObject } from './read-file.js';

/** The shape of a requirement id: `IX-<AREA>-<nn>`. */
export const REQUIREMENT_ID = /^IX-[A-Z]+-\d{2}$/;

function fail(where: string, why: string): never {
  throw new SpecError('SPEC_REQUIREMENTS_INVALID', `spec/requirements.yaml: ${where}: ${why}`);
}

function text(entry: Record<string, unknown>, key: string, where: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || value.trim() === '') fail(where, `\`${key}\` must be a non-empty string`);
  return value.trim();
}

/** Parses spec/requirements.yaml (already read) into the catalogue, checking every field. */
export function parseRequirements(doc: unknown): Requirement[] {
  if (!isPlainObject(doc) || !Array.isArray(doc.requirements)) {
    fail('top level', 'expected a `requirements` list');
  }
  const seen = new Set<string>();
  return doc.requirements.map((raw: unknown, index: number) => {
    const where = `entry ${index + 1}`;
    if (!isPlainObject(raw)) fail(where, 'expected a map');
    const id = text(raw, 'id', where);
    if (!REQUIREMENT_ID.test(id)) fail(where, `id ${id} does not look like IX-AREA-nn`);
    if (seen.has(id)) fail(where, `id ${id} appears twice`);
    seen.add(id);
    const level = raw.level;
    if (level !== 'MUST' && level !== 'SHOULD') fail(id, 'level must be MUST or SHOULD');
    const profile = raw.profile;
    if (!PROFILES.includes(profile as Profile)) fail(id, `profile must be one of ${PROFILES.join(', ')}`);
    const basis = raw.basis;
    if (basis !== 'seed' && basis !== 'platform' && basis !== 'decision')
      fail(id, 'basis must be seed, platform or decision');
    // A decision of this project is one defensible reading among several: never a MUST.
    if (basis === 'decision' && level === 'MUST')
      fail(id, 'a requirement whose basis is decision cannot be a MUST');
    const requirement: Requirement = {
      id,
      quote: text(raw, 'quote', id).replace(/\s+/g, ' '),
      statement: text(raw, 'statement', id),
      operation: text(raw, 'operation', id),
      level,
      profile: profile as Profile,
      basis: basis as Basis,
    };
    if (raw.errata !== undefined) requirement.errata = text(raw, 'errata', id);
    if (raw.readings !== undefined) {
      if (!Array.isArray(raw.readings) || !raw.readings.every((p) => typeof p === 'string'))
        fail(id, '`readings` must list reading point ids');
      requirement.readings = raw.readings as string[];
    }
    return requirement;
  });
}
