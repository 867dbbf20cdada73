import type { Dialect } from '../model/index.js';
import { SpecError } from './errors.js';
import { familyOf, issuesFrom } from './issues.js';
import type { SchemaLookup } from './schema-registry.js';
import type { ValidateOptions, ValidationResult, VariantDef } from './types.js';

/** Checks a body (or a raw message) against a variant; `undefined` is an empty body. */
export function validateVariant(
  registry: SchemaLookup,
  variants: Map<string, VariantDef>,
  name: string,
  body: unknown,
  opts: ValidateOptions = {},
): ValidationResult {
  const def = variants.get(name);
  if (!def) throw new SpecError('SPEC_UNKNOWN_VARIANT', `unknown variant ${name} (see spec/variants.yaml)`);
  const dialect: Dialect = opts.dialect ?? 'envelope';
  if (def.family === 'empty') {
    return body === undefined
      ? { ok: true }
      : {
          ok: false,
          issues: [{ pointer: '', rule: 'empty', message: `expected an empty body, got ${brief(body)}` }],
        };
  }
  if (body === undefined) {
    return {
      ok: false,
      issues: [{ pointer: '', rule: 'empty', message: `expected ${def.shape}, got an empty body` }],
    };
  }
  const validator = registry.validator(def.schema[dialect]);
  if (validator(body)) return { ok: true };
  const issues = issuesFrom(validator.errors, body);
  const actual = familyOf(body);
  if (def.family !== 'notification' && actual !== undefined && actual !== def.family) {
    // Name the real mistake first: a body of the wrong family fails every field of the expected one.
    issues.unshift({
      pointer: '',
      rule: 'family',
      message: `expected the ${def.family} family ${def.shape}, got a ${actual}-family body`,
    });
  }
  return { ok: false, issues };
}

function brief(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
