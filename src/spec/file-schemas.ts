import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { loadAjv } from './ajv.js';
import { loadCompiledSpec } from './compiled.js';
import { specDir } from './paths.js';
import type { FileSchemaName } from './sources.js';

/**
 * How the input-file schemas (scenario, config) are compiled: every error, each with its schema
 * (`verbose`: a schema's description and properties make better messages), unions allowed.
 */
export const FILE_SCHEMA_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strictRequired: false,
  strictTypes: false,
  allowUnionTypes: true,
};

const validators = new Map<string, ValidateFunction>();

/** The validator of an input-file schema of spec/: the build's compiled one, else compiled now (cached). */
export function fileSchemaValidator(fileName: FileSchemaName): ValidateFunction {
  const known = validators.get(fileName);
  if (known) return known;
  const validate = loadCompiledSpec()?.fileSchema(fileName) ?? compileFileSchema(fileName);
  validators.set(fileName, validate);
  return validate;
}

/** Compiles one input-file schema with ajv (at build time with `source` for standalone code). */
export function compileFileSchema(fileName: FileSchemaName, ajv?: Ajv2020): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(specDir(), fileName), 'utf8')) as object;
  return (ajv ?? new (loadAjv().Ajv2020)(FILE_SCHEMA_OPTIONS)).compile(schema);
}
