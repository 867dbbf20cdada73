import { issuesFrom, shown } from './issues.js';
import { isPlainObject } from './read-file.js';
import { OPENAPI_ID, type SchemaLookup } from './schema-registry.js';
import type { OperationRequestResult } from './types.js';

/**
 * Checks a POST /me/interactions/{id} body step by step, so the caller can tell the cases the
 * contract answers differently: no operationName (statusCode 1), an unknown one (statusCode 2), and a
 * known operation with a bad field (that operation's own failure variant, `operationName` set).
 */
export function validateOperationRequest(
  registry: SchemaLookup,
  operationNames: readonly string[],
  body: unknown,
): OperationRequestResult {
  if (body === undefined) {
    return {
      ok: false,
      issues: [
        {
          pointer: '',
          rule: 'empty',
          message: 'expected a JSON object with operationName, got an empty body',
        },
      ],
    };
  }
  if (!isPlainObject(body)) {
    return {
      ok: false,
      issues: [{ pointer: '', rule: 'type', message: `the body must be object (got ${shown(body)})` }],
    };
  }
  if (!('operationName' in body)) {
    return {
      ok: false,
      issues: [
        { pointer: '/operationName', rule: 'required', message: '/operationName is required but missing' },
      ],
    };
  }
  const name = body.operationName;
  if (typeof name !== 'string' || !operationNames.includes(name)) {
    return {
      ok: false,
      issues: [
        {
          pointer: '/operationName',
          rule: 'enum',
          message: `/operationName must be one of ${operationNames.join(', ')} (got ${shown(name)})`,
        },
      ],
    };
  }
  const validator = registry.validator(`${OPENAPI_ID}#/components/schemas/${name}Request`);
  if (validator(body)) return { ok: true, operationName: name };
  return { ok: false, issues: issuesFrom(validator.errors, body), operationName: name };
}
