import type { Dialect, Strictness } from '../model/index.js';
import { SpecError } from './errors.js';
import { isPlainObject } from './read-file.js';
import { resolveSpecRef } from './schema-registry.js';
import type { Family, VariantDef } from './types.js';

const FAMILIES: readonly Family[] = ['status', 'statusCode', 'status-0', 'notification'];
const STRICTNESS: readonly Strictness[] = ['strict', 'lenient'];

function fail(name: string, why: string): never {
  throw new SpecError('SPEC_VARIANTS_INVALID', `spec/variants.yaml: variant ${name}: ${why}`);
}

function schemaIds(name: string, schema: unknown): Record<Dialect, string> {
  if (typeof schema === 'string') {
    const id = resolveSpecRef(schema);
    return { envelope: id, flat: id };
  }
  if (isPlainObject(schema) && typeof schema.envelope === 'string' && typeof schema.flat === 'string') {
    return { envelope: resolveSpecRef(schema.envelope), flat: resolveSpecRef(schema.flat) };
  }
  return fail(name, '`schema` must be a reference or a map with `envelope` and `flat` references');
}

/** Parses spec/variants.yaml (already read) into definitions keyed by variant name. */
export function parseVariants(doc: unknown): Map<string, VariantDef> {
  if (!isPlainObject(doc) || !isPlainObject(doc.variants)) {
    throw new SpecError('SPEC_VARIANTS_INVALID', 'spec/variants.yaml: expected a `variants` map');
  }
  const out = new Map<string, VariantDef>();
  for (const [name, raw] of Object.entries(doc.variants)) {
    if (!isPlainObject(raw)) fail(name, 'expected a map');
    const family = raw.family;
    if (!FAMILIES.includes(family as Family)) fail(name, `family must be one of ${FAMILIES.join(', ')}`);
    if (typeof raw.shape !== 'string') fail(name, '`shape` must be a string');
    const empty = raw.emptyBody ?? [];
    if (!Array.isArray(empty) || !empty.every((s) => STRICTNESS.includes(s as Strictness))) {
      fail(name, '`emptyBody` must list strictness profiles (strict, lenient)');
    }
    out.set(name, {
      name,
      family: family as Family,
      shape: raw.shape,
      schema: schemaIds(name, raw.schema),
      emptyBody: empty as Strictness[],
    });
  }
  return out;
}
