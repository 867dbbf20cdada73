import { loadSpec } from '../spec/index.js';
import { isRecord } from './http-io.js';

/** The one place the server asks the shared spec whether a POST body fits its operation's schema. */
export function checkOperationBody(body: unknown): { ok: true } | { ok: false; message: string } {
  const result = loadSpec().validateOperationRequest(body);
  if (result.ok) return { ok: true };
  const message = result.issues.map((i) => i.message).join('; ') || 'request body does not match the schema';
  return { ok: false, message };
}

/** PUT /interactions/{id}: `{"userData":{…}}`, userData an object. */
export function checkUpdateInteractionBody(body: unknown): { ok: true } | { ok: false; message: string } {
  if (!isRecord(body)) return { ok: false, message: 'body must be an object with userData' };
  if (!isRecord(body.userData)) {
    return { ok: false, message: '/userData must be an object' };
  }
  return { ok: true };
}
