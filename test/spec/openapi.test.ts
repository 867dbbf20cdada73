import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSpec, specDir } from '../../src/spec/index.js';

const dir = specDir();
const files: Record<string, unknown> = {
  'openapi.yaml': parse(readFileSync(join(dir, 'openapi.yaml'), 'utf8')),
};
for (const f of readdirSync(join(dir, 'notifications'))) {
  files[`notifications/${f}`] = JSON.parse(readFileSync(join(dir, 'notifications', f), 'utf8'));
}

/** Every `$ref` with the file it sits in. */
function refsOf(node: unknown, file: string, out: Array<{ file: string; ref: string }> = []) {
  if (Array.isArray(node)) for (const item of node) refsOf(item, file, out);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push({ file, ref: value });
      else refsOf(value, file, out);
    }
  }
  return out;
}

/** Resolves a reference relative to the file holding it (files under spec/ only). */
function resolve(file: string, ref: string): unknown {
  const [target = '', fragment = ''] = ref.split('#');
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const path = target === '' ? file : new URL(target, `file:///${base}`).pathname.slice(1);
  let node: unknown = files[path];
  for (const part of fragment.split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

describe('spec/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    // The validator matches external references by their literal text, so each notification file is
    // registered under every name it is referred to by (from openapi.yaml, and from its neighbours).
    for (const [file, doc] of Object.entries(files)) {
      if (file === 'openapi.yaml') continue;
      await validator.addSpecRef(structuredClone(doc) as Record<string, unknown>, file);
      await validator.addSpecRef(
        structuredClone(doc) as Record<string, unknown>,
        file.replace('notifications/', ''),
      );
    }
    const result = await validator.validate(
      structuredClone(files['openapi.yaml']) as Record<string, unknown>,
    );
    expect(validator.version).toBe('3.1');
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('the validator used above does reject a broken document', async () => {
    const broken = structuredClone(files['openapi.yaml']) as Record<string, unknown>;
    delete broken.info;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('every $ref of openapi.yaml and of the notification schemas resolves', () => {
    const refs = Object.entries(files).flatMap(([file, doc]) => refsOf(doc, file));
    expect(refs.length).toBeGreaterThan(50);
    const dangling = refs.filter(({ file, ref }) => resolve(file, ref) === undefined);
    expect(dangling).toEqual([]);
    expect(resolve('openapi.yaml', '#/components/schemas/Nope')).toBeUndefined();
  });

  it('declares the base /api/v2 and HTTP Basic security', () => {
    const doc: OpenAPIV3_1.Document = loadSpec().openapi;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers?.map((s) => s.url)).toEqual(['/api/v2']);
    expect(doc.security).toEqual([{ basicAuth: [] }]);
    expect(doc.components?.securitySchemes?.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
  });
});
