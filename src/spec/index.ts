import { join } from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { ReadingPoint, Requirement } from '../model/index.js';
import { SpecError } from './errors.js';
import { specDir } from './paths.js';
import { isPlainObject, readSpecFile } from './read-file.js';
import { parseReadings } from './readings.js';
import { parseRequirements } from './requirements.js';
import { OPENAPI_ID, SchemaRegistry } from './schema-registry.js';
import type { Spec } from './types.js';
import { validateOperationRequest } from './validate-operation-request.js';
import { validateVariant } from './validate-variant.js';
import { parseVariants } from './variants.js';

export { SpecError, type SpecErrorCode } from './errors.js';
export { packageRoot, specDir } from './paths.js';
export { checkDeclaredReadings, readingsOf } from './readings.js';
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

function componentSchemas(openapi: OpenAPIV3_1.Document): Record<string, unknown> {
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

function build(): Spec {
  const dir = specDir();
  const openapi = readSpecFile(join(dir, 'openapi.yaml')) as OpenAPIV3_1.Document;
  const schemas = componentSchemas(openapi);
  const registry = new SchemaRegistry(schemas, join(dir, 'notifications'));
  const variants = parseVariants(readSpecFile(join(dir, 'variants.yaml')));
  const requirements = parseRequirements(readSpecFile(join(dir, 'requirements.yaml')));
  const readings = parseReadings(
    readSpecFile(join(dir, 'readings.yaml')),
    new Set(requirements.map((r) => r.id)),
  );
  for (const r of requirements)
    for (const point of r.readings ?? [])
      if (!readings.some((p) => p.id === point))
        throw new SpecError(
          'SPEC_REQUIREMENTS_INVALID',
          `spec/requirements.yaml: ${r.id}: unknown reading ${point}`,
        );
  const operationNames = operationNamesOf(openapi);
  // Compile everything now, so a broken schema fails at load rather than in the middle of a run.
  for (const name of Object.keys(schemas)) {
    registry.validator(`${OPENAPI_ID}#/components/schemas/${name}`);
  }
  for (const def of variants.values()) {
    registry.validator(def.schema.envelope);
    registry.validator(def.schema.flat);
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

/** The contract as data: read from spec/ once (synchronously) and cached for the process. */
export function loadSpec(): Spec {
  cached ??= build();
  return cached;
}
