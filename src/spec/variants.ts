import type { Dialect } from '../model/index.js';
import { SpecError } from './errors.js';
import { isPlainObject } from './read-file.js';
import { resolveSpecRef } from './schema-registry.js';
import type { Family, VariantDef } from './types.js';

const FAMILIES: readonly Family[] = ['status', 'statusCode', 'status-0', 'notification', 'empty'];

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
    if (raw.emptyBody !== undefined)
      fail(name, '`emptyBody` is gone: an empty body is the `Empty` variant, chosen through a reading');
    out.set(name, {
      name,
      family: family as Family,
      shape: raw.shape,
      schema: schemaIds(name, raw.schema),
    });
  }
  return out;
}
