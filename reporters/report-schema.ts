import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { specDir } from '../src/spec/paths.js';

// ajv-formats is CommonJS: its default export is the module object under NodeNext.
const addFormats = addFormatsModule.default;

let validator: ValidateFunction | undefined;

export function reportSchemaPath(): string {
  return join(specDir(), 'report.schema.json');
}

function compile(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  validator = ajv.compile(JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as object);
  return validator;
}

/** Checks a parsed report.json against spec/report.schema.json; returns readable problems. */
export function validateReport(doc: unknown): { ok: true } | { ok: false; problems: string[] } {
  const validate = compile();
  if (validate(doc)) return { ok: true };
  const problems = (validate.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
  );
  return { ok: false, problems };
}
