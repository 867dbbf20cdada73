import type { ErrorObject, ValidateFunction } from 'ajv';
import { expectedName } from '../../model/suggest.js';
import { type FileSchemaName, fileSchemaValidator } from '../../spec/index.js';
import { STEP_KEYS } from '../kinds/registry.js';
import { DURATION_HELP } from './duration.js';
import type { LoadProblem } from './problem.js';
import { problemAt } from './problem.js';
import type { NodePath, YamlSource } from './yaml-source.js';

/** The validator for a schema file in `spec/`: compiled at build time when the build is current. */
export function specSchemaValidator(fileName: FileSchemaName): ValidateFunction {
  return fileSchemaValidator(fileName);
}

/** Validates a parsed file against a spec schema; every violation becomes a problem at its node's place. */
export function schemaProblems(source: YamlSource, fileName: FileSchemaName): LoadProblem[] {
  const validate = specSchemaValidator(fileName);
  if (validate(source.value ?? null)) return [];
  const errors = relevantErrors(validate.errors ?? []);
  const problems = errors.map((error) => toProblem(source, error));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Keeps the errors a person can act on: when an `anyOf`/`oneOf` fails, the errors of its branches
 * (at or below the same place) are noise; the alternative's own description says it better.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  return errors.filter((e) => {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') return true;
    if (e.propertyName !== undefined) return false; // reported by its propertyNames error
    if (e.keyword === 'if') return false;
    return !alternatives.some(
      (alt) => e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`),
    );
  });
}

function pathOf(pointer: string): NodePath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function describeOf(error: ErrorObject): string | undefined {
  const parent = error.parentSchema as { description?: unknown } | undefined;
  return typeof parent?.description === 'string' ? parent.description : undefined;
}

function toProblem(source: YamlSource, error: ErrorObject): LoadProblem {
  const path = pathOf(error.instancePath);
  const at = (p: NodePath, key = false) => source.placeOf(p, key);
  const params = error.params as Record<string, unknown>;
  const rule = error.keyword;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return problemAt(at([...path, name], true), 'IC_E_SCHEMA', `unknown key "${name}"`, {
        rule,
        expected: allowed.length > 0 ? `one of ${allowed.join(', ')}` : 'no keys here',
      });
    }
    case 'required':
      return problemAt(at(path), 'IC_E_SCHEMA', `missing key "${String(params.missingProperty)}"`, { rule });
    case 'type':
      return problemAt(at(path), 'IC_E_SCHEMA', `wrong type: ${typeName(error.data)} is not allowed here`, {
        rule,
        expected: String(params.type).replaceAll(',', ' or '),
      });
    case 'enum':
      return problemAt(at(path), 'IC_E_SCHEMA', `${JSON.stringify(error.data)} is not allowed here`, {
        rule,
        expected: `one of ${(params.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`,
      });
    case 'pattern': {
      if (describeOf(error)?.startsWith('A duration')) {
        return problemAt(at(path), 'IC_E_DURATION', `bad duration ${JSON.stringify(error.data)}`, {
          rule,
          expected: DURATION_HELP,
        });
      }
      return problemAt(at(path), 'IC_E_SCHEMA', `${JSON.stringify(error.data)} has the wrong form`, {
        rule,
        expected: describeOf(error) ?? `a string matching ${String(params.pattern)}`,
      });
    }
    case 'minimum':
      if (describeOf(error)?.startsWith('A duration')) {
        return problemAt(at(path), 'IC_E_DURATION', `bad duration ${JSON.stringify(error.data)}`, {
          rule,
          expected: DURATION_HELP,
        });
      }
      return problemAt(at(path), 'IC_E_SCHEMA', `${JSON.stringify(error.data)} is too small`, {
        rule,
        expected: error.message ?? '',
      });
    case 'propertyNames': {
      const name = String(params.propertyName);
      return problemAt(at([...path, name], true), 'IC_E_SCHEMA', `bad name "${name}"`, {
        rule,
        expected: 'a name of letters, digits and _ (starting with a letter), or lowercase with - and .',
      });
    }
    case 'anyOf':
    case 'oneOf': {
      const kindProblem = stepKindProblem(source, path, error);
      if (kindProblem) return kindProblem;
      return problemAt(
        at(path),
        'IC_E_SCHEMA',
        describeOf(error) ?? 'does not have any of the allowed forms',
        {
          rule,
        },
      );
    }
    default:
      return problemAt(at(path), 'IC_E_SCHEMA', error.message ?? `breaks the rule ${rule}`, { rule });
  }
}

/** The keys that say what a step does (every kind's, and include); a step holds exactly one. */
const STEP_KINDS = STEP_KEYS;

/**
 * A step with no kind key or with two: name the key that is wrong (`mesage` → did you mean
 * "message"?) rather than the schema's general sentence.
 */
function stepKindProblem(source: YamlSource, path: NodePath, error: ErrorObject): LoadProblem | undefined {
  if (!describeOf(error)?.startsWith('A step needs')) return undefined;
  const data = error.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  const kinds = keys.filter((k) => STEP_KINDS.includes(k));
  if (kinds.length > 1)
    return problemAt(
      source.placeOf([...path, kinds[1] as string], true),
      'IC_E_SCHEMA',
      `a step holds one kind, found ${kinds.join(' and ')}`,
      {
        rule: 'oneOf',
        expected: 'one of http, message, no-message, provision, wait, include per step (split it in two)',
      },
    );
  const stranger = keys.find((k) => !STEP_OPTIONS.includes(k));
  if (stranger === undefined)
    return problemAt(source.placeOf(path), 'IC_E_SCHEMA', 'a step without a kind', {
      rule: 'oneOf',
      expected: `one of ${STEP_KINDS.join(', ')}`,
    });
  return problemAt(
    source.placeOf([...path, stranger], true),
    'IC_E_SCHEMA',
    `unknown step kind "${stranger}"`,
    {
      rule: 'oneOf',
      expected: expectedName(stranger, STEP_KINDS, `one of ${STEP_KINDS.join(', ')}`),
    },
  );
}

/** Keys a step may have beside its kind. */
const STEP_OPTIONS = ['title', 'requirements', 'capture', 'when', 'expect', 'retry', 'reading', 'with'];
