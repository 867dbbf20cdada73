import type { ErrorObject } from 'ajv';
import type { Family, SchemaIssue } from './types.js';

/** A short rendering of the offending value for messages. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value a JSON pointer designates, or undefined. */
export function atPointer(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let node: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function label(pointer: string): string {
  return pointer === '' ? 'the body' : pointer;
}

/** One ajv error as a readable issue; null for errors that only repeat their sub-errors. */
function toIssue(error: ErrorObject, body: unknown): SchemaIssue | null {
  const at = error.instancePath;
  const got = atPointer(body, at);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
    case 'oneOf':
    case 'anyOf':
    case 'allOf':
      return null;
    case 'required': {
      const pointer = `${at}/${escapePointer(String(p.missingProperty))}`;
      return { pointer, rule: 'required', message: `${pointer} is required but missing` };
    }
    case 'additionalProperties': {
      const pointer = `${at}/${escapePointer(String(p.additionalProperty))}`;
      return {
        pointer,
        rule: 'additionalProperties',
        message: `${pointer} is not allowed here (got ${shown(atPointer(body, pointer))})`,
      };
    }
    case 'const':
      return {
        pointer: at,
        rule: 'const',
        message: `${label(at)} must be equal to ${shown(p.allowedValue)} (got ${shown(got)})`,
      };
    case 'enum':
      return {
        pointer: at,
        rule: 'enum',
        message: `${label(at)} must be one of ${(p.allowedValues as unknown[]).map(shown).join(', ')} (got ${shown(got)})`,
      };
    case 'type':
      return {
        pointer: at,
        rule: 'type',
        message: `${label(at)} must be ${String(p.type)} (got ${kindOf(got)} ${shown(got)})`,
      };
    case 'discriminator':
      return {
        pointer: `${at}/${escapePointer(String(p.tagName))}`,
        rule: 'discriminator',
        message: `${at}/${String(p.tagName)} names no known operation (got ${shown(p.tag)})`,
      };
    default:
      return {
        pointer: at,
        rule: error.keyword,
        message: `${label(at)} ${error.message ?? 'is invalid'} (got ${shown(got)})`,
      };
  }
}

/** ajv's errors as readable issues, without duplicates or wrapper noise. */
export function issuesFrom(errors: ErrorObject[] | null | undefined, body: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const issue = toIssue(error, body);
    if (!issue || seen.has(issue.message)) continue;
    seen.add(issue.message);
    out.push(issue);
  }
  return out;
}

/** Which answer family a body looks like, if any. */
export function familyOf(body: unknown): Family | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  if ('statusCode' in body) return 'statusCode';
  if ('status' in body) return typeof body.status === 'number' ? 'status-0' : 'status';
  return undefined;
}
