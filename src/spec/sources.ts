import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpecError } from './errors.js';
import { specDir } from './paths.js';

/** The YAML documents of spec/ that the spec API parses (the compiled form holds them as JSON). */
export const SPEC_DOCUMENTS = [
  'openapi.yaml',
  'variants.yaml',
  'requirements.yaml',
  'readings.yaml',
] as const;
export type SpecDocumentName = (typeof SPEC_DOCUMENTS)[number];

/** The schema files of spec/ that check the harness's own input files (suites, configuration). */
export const FILE_SCHEMAS = ['scenario.schema.json', 'config.schema.json'] as const;
export type FileSchemaName = (typeof FILE_SCHEMAS)[number];

/** The notification schema files, in a stable order. */
export function notificationFiles(dir = specDir()): string[] {
  try {
    return readdirSync(join(dir, 'notifications'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => `notifications/${f}`);
  } catch (err) {
    throw new SpecError('SPEC_FILE_UNREADABLE', `spec/notifications: ${(err as Error).message}`);
  }
}

/**
 * sha256 over every spec file the compiled form is made from (names and bytes). The compiled form
 * records it; a different digest at load time means spec/ changed since the build, and the spec is
 * compiled afresh instead of trusting stale validators.
 */
export function sourceDigest(dir = specDir()): string {
  const hash = createHash('sha256');
  for (const name of [...SPEC_DOCUMENTS, ...FILE_SCHEMAS, ...notificationFiles(dir)]) {
    hash.update(name);
    hash.update('\0');
    try {
      hash.update(readFileSync(join(dir, name)));
    } catch {
      hash.update('(missing)');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}
