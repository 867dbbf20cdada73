import { join } from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { ReadingPoint, Requirement } from '../model/index.js';
import { type CompiledSpec, loadCompiledSpec } from './compiled.js';
import { SpecError } from './errors.js';
import { specDir } from './paths.js';
import { isPlainObject, readSpecFile } from './read-file.js';
import { parseReadings } from './readings.js';
import { parseRequirements } from './requirements.js';
import { OPENAPI_ID, type SchemaLookup, SchemaRegistry } from './schema-registry.js';
import { SPEC_DOCUMENTS, type SpecDocumentName } from './sources.js';
import type { Spec, VariantDef } from './types.js';
import { validateOperationRequest } from './validate-operation-request.js';
import { validateVariant } from './validate-variant.js';
import { parseVariants } from './variants.js';

export { compiledDir, loadCompiledSpec } from './compiled.js';
export { SpecError, type SpecErrorCode } from './errors.js';
export { FILE_SCHEMA_OPTIONS, fileSchemaValidator } from './file-schemas.js';
export { packageRoot, specDir } from './paths.js';
export { checkDeclaredReadings, readingsOf } from './readings.js';
export { FILE_SCHEMAS, type FileSchemaName, sourceDigest } from './sources.js';
export type {
  Family,
  OperationRequestResult,
  SchemaIssue,
  Spec,
  ValidateOptions,
  ValidationResult,
  VariantDef,
} from './types.js';

let cached: Spec | undefined;

export function componentSchemas(openapi: OpenAPIV3_1.Document): Record<string, unknown> {
  const schemas = openapi.components?.schemas;
  if (!isPlainObject(schemas))
    throw new SpecError('SPEC_FILE_INVALID', 'spec/openapi.yaml: no components.schemas');
  return schemas;
}

/** The operation names of the POST body, taken from its discriminator mapping. */
function operationNamesOf(openapi: OpenAPIV3_1.Document): string[] {
  const request = openapi.components?.schemas?.OperationRequest as OpenAPIV3_1.SchemaObject | undefined;
  const mapping = request?.discriminator?.mapping;
  if (!mapping) {
    throw new SpecError(
      'SPEC_FILE_INVALID',
      'spec/openapi.yaml: OperationRequest has no discriminator mapping',
    );
  }
  return Object.keys(mapping);
}

/** Every schema id the spec validates against: the component schemas and each variant's schemas. */
export function schemaIdsOf(schemas: Record<string, unknown>, variants: Map<string, VariantDef>): string[] {
  const ids = new Set(Object.keys(schemas).map((name) => `${OPENAPI_ID}#/components/schemas/${name}`));
  for (const def of variants.values()) {
    ids.add(def.schema.envelope);
    ids.add(def.schema.flat);
  }
  return [...ids];
}

/** The parsed YAML documents: from the compiled form when current, else read and parsed now. */
function documentsOf(compiled: CompiledSpec | undefined): Record<SpecDocumentName, unknown> {
  if (compiled) return compiled.documents;
  const dir = specDir();
  return Object.fromEntries(SPEC_DOCUMENTS.map((name) => [name, readSpecFile(join(dir, name))])) as Record<
    SpecDocumentName,
    unknown
  >;
}

/**
 * Builds the spec API. With the build's compiled form, validators are the standalone ones (no ajv
 * compilation at start-up); without it, every schema is compiled now, so a broken schema fails at load
 * rather than in the middle of a run.
 */
export function buildSpec(compiled: CompiledSpec | undefined): Spec {
  const dir = specDir();
  const docs = documentsOf(compiled);
  const openapi = docs['openapi.yaml'] as OpenAPIV3_1.Document;
  const schemas = componentSchemas(openapi);
  const variants = parseVariants(docs['variants.yaml']);
  const requirements = parseRequirements(docs['requirements.yaml']);
  const readings = parseReadings(docs['readings.yaml'], new Set(requirements.map((r) => r.id)));
  for (const r of requirements)
    for (const point of r.readings ?? [])
      if (!readings.some((p) => p.id === point))
        throw new SpecError(
          'SPEC_REQUIREMENTS_INVALID',
          `spec/requirements.yaml: ${r.id}: unknown reading ${point}`,
        );
  const operationNames = operationNamesOf(openapi);
  const runtime = () => new SchemaRegistry(schemas, join(dir, 'notifications'));
  let registry: SchemaLookup;
  if (compiled) {
    // An id the build did not compile (none today) is compiled on first use.
    let fallback: SchemaLookup | undefined;
    registry = {
      validator: (id) => {
        const known = compiled.validator(id);
        if (known) return known;
        fallback ??= runtime();
        return fallback.validator(id);
      },
    };
  } else {
    registry = runtime();
    for (const id of schemaIdsOf(schemas, variants)) registry.validator(id);
  }
  const byId = new Map<string, Requirement>(requirements.map((r) => [r.id, r]));
  const pointsById = new Map<string, ReadingPoint>(readings.map((p) => [p.id, p]));
  return {
    openapi,
    requirements,
    requirement: (id) => byId.get(id),
    readings,
    reading: (id) => pointsById.get(id),
    variantNames: () => [...variants.keys()],
    hasVariant: (name) => variants.has(name),
    variant: (name) => variants.get(name),
    operationNames: () => [...operationNames],
    validate: (variant, body, opts) => validateVariant(registry, variants, variant, body, opts),
    validateOperationRequest: (body) => validateOperationRequest(registry, operationNames, body),
  };
}

/**
 * The contract as data: loaded once (synchronously) and cached for the process; from the build's
 * compiled form (dist/compiled-spec) when it matches spec/, else from spec/ itself.
 */
export function loadSpec(): Spec {
  cached ??= buildSpec(loadCompiledSpec());
  return cached;
}
