import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCompiledSpec } from '../../src/spec/compiled.js';
import { compileFileSchema } from '../../src/spec/file-schemas.js';
import { buildSpec, FILE_SCHEMAS, packageRoot, sourceDigest } from '../../src/spec/index.js';
import { writeCompiledSpec } from '../../src/spec/write-compiled.js';
import {
  SAMPLE_INTERACTION,
  SEED_INTERACTION_LIST,
  SEED_OPERATION_SAMPLES,
  SEED_URI_LIST,
} from './seed-samples.js';

// Inside the package: the generated modules require ajv's runtime helpers from its node_modules.
mkdirSync(join(packageRoot(), 'dist'), { recursive: true });
const dir = mkdtempSync(join(packageRoot(), 'dist', 'compiled-spec-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const written = writeCompiledSpec(dir);
const compiled = readCompiledSpec(dir);
const runtime = buildSpec(undefined);

/** Bodies of every family, good and bad, so that each variant both accepts and rejects some. */
const BODIES: unknown[] = [
  undefined,
  {},
  { status: 'ok' },
  { status: 'ok', extra: 1 },
  { status: 0 },
  { statusCode: 0 },
  { statusCode: '0' },
  { statusCode: 2, statusMessage: 'x' },
  { status: 'error', errorDescription: 'x' },
  SEED_URI_LIST,
  SEED_INTERACTION_LIST,
  { statusCode: 0, interaction: SAMPLE_INTERACTION },
  { statusCode: 0, interaction: { ...SAMPLE_INTERACTION, uri: 'not a uri' } },
  { channel: '/v2/me/interactions', data: { messageType: 'InteractionStateMessage' } },
  ...SEED_OPERATION_SAMPLES.flatMap((s) => [s.request, s.success, s.failure]),
];

describe('the compiled spec (ajv standalone code written at build time)', () => {
  it('is written and read back when spec/ is unchanged', () => {
    expect(written.validators).toBeGreaterThan(30);
    expect(written.fileSchemas).toBe(FILE_SCHEMAS.length);
    expect(compiled).toBeDefined();
  });

  it('is not used when spec/ changed since it was written (the digest differs)', () => {
    expect(readCompiledSpec(dir, `${sourceDigest()}-changed`)).toBeUndefined();
    expect(readCompiledSpec(join(dir, 'absent'))).toBeUndefined();
  });

  it('judges every variant exactly as ajv compiling at start-up does, issues included', () => {
    expect(compiled).toBeDefined();
    const fromBuild = buildSpec(compiled);
    let rejected = 0;
    for (const variant of runtime.variantNames()) {
      for (const dialect of ['envelope', 'flat'] as const) {
        for (const body of BODIES) {
          const want = runtime.validate(variant, body, { dialect });
          expect(fromBuild.validate(variant, body, { dialect }), `${variant} ${dialect}`).toEqual(want);
          if (!want.ok) rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(0);
    for (const body of BODIES)
      expect(fromBuild.validateOperationRequest(body)).toEqual(runtime.validateOperationRequest(body));
  });

  it('carries the input-file schemas with the same errors', () => {
    for (const name of FILE_SCHEMAS) {
      const fromBuild = compiled?.fileSchema(name);
      const now = compileFileSchema(name);
      expect(fromBuild).toBeDefined();
      for (const doc of [{}, { scenarios: [] }, { scenarios: [{ id: 'Bad Id' }] }, { target: 3 }, []]) {
        expect(fromBuild?.(doc), `${name} ${JSON.stringify(doc)}`).toBe(now(doc));
        expect(fromBuild?.errors ?? null).toEqual(now.errors ?? null);
      }
    }
  });
});
