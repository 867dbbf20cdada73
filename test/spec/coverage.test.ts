import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, packageRoot, specDir } from '../../src/spec/index.js';

const spec = loadSpec();
const seed = readFileSync(join(specDir(), 'seed.txt'), 'utf8');
const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The operation names of the seed's `me/interactions/{id}` table (`Accept POST …`). */
function seedOperations(): string[] {
  const table = seed.split('The following operations are supported on me/interactions/{id}:')[1] ?? '';
  const section = table.split('\nAccept\n')[0] ?? '';
  return [...section.matchAll(/^(\w+) POST /gm)].map((m) => m[1] ?? '');
}

/** The endpoints of the seed's tables: `GET /interactions` and so on. */
function seedEndpoints(): string[] {
  const out: string[] = [];
  for (const part of seed.split('The following operations are supported on ').slice(1)) {
    const path = `/${(part.split(':')[0] ?? '').replace(/^\//, '')}`;
    for (const m of part
      .split('\n\n')
      .slice(0, 2)
      .join('\n')
      .matchAll(/^(GET|PUT|POST) /gm)) {
      out.push(`${m[1]} ${path}`);
    }
    for (const m of part.matchAll(/^\w+ (POST) /gm)) out.push(`${m[1]} ${path}`);
  }
  return [...new Set(out)];
}

describe('the seed is covered', () => {
  const ops = seedOperations();

  it('finds the eleven operations of the seed', () => {
    expect(ops).toHaveLength(11);
    expect(ops).toContain('SingleStepTransfer');
  });

  it('every operation of the seed is in the POST body (SingleStepTransfer as Transfer, E-04) and has a requirement', () => {
    const wire = ops.map((op) => (op === 'SingleStepTransfer' ? 'Transfer' : op));
    expect(spec.operationNames()).toEqual(expect.arrayContaining(wire));
    for (const op of wire) {
      expect(
        spec.requirements.some((r) => r.operation === op),
        op,
      ).toBe(true);
      expect(spec.hasVariant(`${op}.success`) && spec.hasVariant(`${op}.failure`), op).toBe(true);
    }
  });

  it('every endpoint of the seed is in openapi.yaml and has a requirement', () => {
    const endpoints = seedEndpoints();
    expect(endpoints.sort()).toEqual(
      [
        'GET /interactions',
        'GET /interactions/{id}',
        'GET /me/interactions',
        'POST /me/interactions/{id}',
        'PUT /interactions/{id}',
      ].sort(),
    );
    const paths = spec.openapi.paths ?? {};
    for (const endpoint of endpoints) {
      const [method = '', path = ''] = endpoint.split(' ');
      expect(paths[path]?.[method.toLowerCase() as 'get'], endpoint).toBeDefined();
      expect(
        spec.requirements.some((r) => r.operation === endpoint),
        endpoint,
      ).toBe(true);
    }
    const fields = paths['/me/interactions']?.get?.parameters?.find(
      (p) => 'name' in p && p.name === 'fields',
    );
    expect(fields).toBeDefined();
  });
});

describe('spec/requirements.yaml', () => {
  it('ids are unique', () => {
    const ids = spec.requirements.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds every id listed in docs/design.md', () => {
    const design = readFileSync(join(packageRoot(), 'docs', 'design.md'), 'utf8');
    const listed = new Set(design.split('## Requirement ids')[1]?.match(/IX-[A-Z]+-\d{2}/g));
    expect(listed.size).toBeGreaterThan(90);
    const missing = [...listed].filter((id) => spec.requirement(id) === undefined);
    expect(missing).toEqual([]);
  });

  it('every quote is a verbatim passage of the seed (whitespace folded)', () => {
    const folded = fold(seed);
    const notFound = spec.requirements.filter((r) => !folded.includes(fold(r.quote))).map((r) => r.id);
    expect(notFound).toEqual([]);
    expect(folded.includes(fold('{"status":"accepted"}'))).toBe(false);
  });

  it('every errata reference names an entry of spec/errata.md', () => {
    const errata = readFileSync(join(specDir(), 'errata.md'), 'utf8');
    const entries = new Set([...errata.matchAll(/^## (E-\d{2}) /gm)].map((m) => m[1]));
    expect(entries.size).toBeGreaterThanOrEqual(20);
    const dangling = spec.requirements.filter((r) => r.errata !== undefined && !entries.has(r.errata));
    expect(dangling.map((r) => r.id)).toEqual([]);
  });

  it('statements, operations, levels and profiles are filled in', () => {
    for (const r of spec.requirements) {
      expect(r.statement.length, r.id).toBeGreaterThan(10);
      expect(['MUST', 'SHOULD']).toContain(r.level);
    }
    expect(spec.requirement('IX-TRANSFER-08')?.level).toBe('SHOULD');
    expect(spec.requirement('IX-NOPE-01')).toBeUndefined();
  });
});
