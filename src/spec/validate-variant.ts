import type { Dialect, Strictness } from '../model/index.js';
import { SpecError } from './errors.js';
import { familyOf, issuesFrom } from './issues.js';
import type { SchemaRegistry } from './schema-registry.js';
import type { SchemaIssue, ValidateOptions, ValidationResult, VariantDef } from './types.js';

function emptyBodyIssue(def: VariantDef, strictness: Strictness): SchemaIssue {
  const note =
    def.emptyBody.length > 0
      ? ` (an empty body is accepted only in the ${def.emptyBody.join('/')} profile)`
      : '';
  return {
    pointer: '',
    rule: 'empty',
    message: `expected ${def.shape}, got an empty body in the ${strictness} profile${note}`,
  };
}

/** Checks a body (or a raw message) against a variant; `undefined` is an empty body. */
export function validateVariant(
  registry: SchemaRegistry,
  variants: Map<string, VariantDef>,
  name: string,
  body: unknown,
  opts: ValidateOptions = {},
): ValidationResult {
  const def = variants.get(name);
  if (!def) throw new SpecError('SPEC_UNKNOWN_VARIANT', `unknown variant ${name} (see spec/variants.yaml)`);
  const strictness: Strictness = opts.strictness ?? 'strict';
  const dialect: Dialect = opts.dialect ?? 'envelope';
  if (body === undefined) {
    return def.emptyBody.includes(strictness)
      ? { ok: true }
      : { ok: false, issues: [emptyBodyIssue(def, strictness)] };
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
