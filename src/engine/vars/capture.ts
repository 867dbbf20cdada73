import { HarnessError } from '../errors.js';
import { readPath } from './read-path.js';

/**
 * Reads each capture (variable → pointer or path) from a step's record: `{ status, headers, body }`
 * for http, the message `{ channel, data }`, the provision result `{ id }`.
 * Throws IC_E_CAPTURE_MISSING naming every capture that found nothing.
 */
export function capture(source: unknown, captures: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, where] of Object.entries(captures)) {
    const value = readPath(source, where);
    if (value === undefined) missing.push(`${name} (${where})`);
    else values[name] = value;
  }
  if (missing.length > 0) {
    throw new HarnessError('IC_E_CAPTURE_MISSING', `nothing to capture for ${missing.join(', ')}`, {
      missing,
    });
  }
  return values;
}
