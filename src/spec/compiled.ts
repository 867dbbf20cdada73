import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { packageRoot } from './paths.js';
import { type FileSchemaName, type SpecDocumentName, sourceDigest } from './sources.js';

/** Where the build writes the compiled spec (ajv standalone validators and the parsed documents). */
export function compiledDir(): string {
  return join(packageRoot(), 'dist', 'compiled-spec');
}

export const COMPILED_FILES = {
  /** `{ digest, documents, validatorIds, fileSchemas }` */
  index: 'spec.json',
  /** CommonJS module exporting one standalone validator per schema id (`v0`, `v1`, …). */
  validators: 'validators.cjs',
  /** CommonJS module exporting the validators of the input-file schemas. */
  fileSchemas: 'file-schemas.cjs',
} as const;

/** What `spec.json` holds. */
export interface CompiledIndex {
  digest: string;
  documents: Record<SpecDocumentName, unknown>;
  /** Schema id → export name in validators.cjs. */
  validatorIds: Record<string, string>;
  /** Schema file name → export name in file-schemas.cjs. */
  fileSchemas: Record<string, string>;
}

export interface CompiledSpec {
  documents: Record<SpecDocumentName, unknown>;
  /** The compiled validator of a schema id; undefined for an id the build did not compile. */
  validator(id: string): ValidateFunction | undefined;
  fileSchema(name: FileSchemaName): ValidateFunction | undefined;
}

let cached: CompiledSpec | null | undefined;

/**
 * The spec as the build compiled it, loaded once per process; `undefined` when there is no compiled
 * form (running from sources before a build) or when spec/ changed since (its digest differs).
 */
export function loadCompiledSpec(): CompiledSpec | undefined {
  if (cached === undefined) cached = readCompiledSpec() ?? null;
  return cached ?? undefined;
}

/** Reads a compiled form; `undefined` when absent, unreadable, or made from other spec files. */
export function readCompiledSpec(
  dir = compiledDir(),
  expectedDigest = sourceDigest(),
): CompiledSpec | undefined {
  const indexFile = join(dir, COMPILED_FILES.index);
  if (!existsSync(indexFile)) return undefined;
  let index: CompiledIndex;
  try {
    index = JSON.parse(readFileSync(indexFile, 'utf8')) as CompiledIndex;
  } catch {
    return undefined;
  }
  if (index.digest !== expectedDigest) return undefined;
  const require = createRequire(indexFile);
  let validators: Record<string, ValidateFunction>;
  let fileSchemas: Record<string, ValidateFunction>;
  try {
    validators = require(join(dir, COMPILED_FILES.validators)) as Record<string, ValidateFunction>;
    fileSchemas = require(join(dir, COMPILED_FILES.fileSchemas)) as Record<string, ValidateFunction>;
  } catch {
    return undefined;
  }
  const pick = (table: Record<string, ValidateFunction>, name: string | undefined) =>
    name === undefined ? undefined : table[name];
  return {
    documents: index.documents,
    validator: (id) => pick(validators, index.validatorIds[id]),
    fileSchema: (name) => pick(fileSchemas, index.fileSchemas[name]),
  };
}
