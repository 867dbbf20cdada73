import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, packageRoot, SpecError, specDir } from '../../src/spec/index.js';
import { parseRequirements } from '../../src/spec/requirements.js';
import { parseVariants } from '../../src/spec/variants.js';

const entry = {
  id: 'IX-A-01',
  quote: 'q',
  statement: 'a statement',
  operation: 'Accept',
  level: 'MUST',
  profile: 'core',
  basis: 'seed',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SpecError ? err.code : 'not a SpecError';
  }
  return undefined;
}

describe('paths', () => {
  it('finds the package root and spec/ from the module location', () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('interactions-conformance');
    expect(existsSync(join(specDir(), 'openapi.yaml'))).toBe(true);
  });
});

describe('loadSpec', () => {
  it('is cached', () => {
    expect(loadSpec()).toBe(loadSpec());
  });
});

describe('parseRequirements', () => {
  it('accepts a well-formed entry and folds the quote', () => {
    const [r] = parseRequirements({ requirements: [{ ...entry, quote: 'a\n  b', errata: 'E-01' }] });
    expect(r).toEqual({ ...entry, quote: 'a b', errata: 'E-01' });
  });

  it('rejects duplicates, bad levels, bad profiles, missing fields, odd ids', () => {
    const bad = [
      { requirements: [entry, entry] },
      { requirements: [{ ...entry, level: 'MAY' }] },
      { requirements: [{ ...entry, profile: 'gold' }] },
      { requirements: [{ ...entry, statement: '' }] },
      { requirements: [{ ...entry, id: 'accept-1' }] },
      { nothing: true },
    ];
    for (const doc of bad)
      expect(
        codeOf(() => parseRequirements(doc)),
        JSON.stringify(doc),
      ).toBe('SPEC_REQUIREMENTS_INVALID');
  });
});

describe('parseVariants', () => {
  it('resolves references against openapi.yaml, per dialect', () => {
    const variants = parseVariants({
      variants: {
        'A.success': {
          schema: '#/components/schemas/StatusOk',
          family: 'status',
          shape: 's',
        },
        'N.x': {
          schema: { envelope: 'notifications/e.json', flat: 'notifications/f.json' },
          family: 'notification',
          shape: 'n',
        },
      },
    });
    expect(variants.get('A.success')?.schema.flat).toBe(
      'https://interactions-conformance.invalid/spec/openapi.yaml#/components/schemas/StatusOk',
    );
    expect(variants.get('N.x')?.schema.flat).toBe(
      'https://interactions-conformance.invalid/spec/notifications/f.json',
    );
  });

  it('rejects an unknown family, a missing schema, the retired emptyBody', () => {
    const bad = [
      { variants: { 'A.x': { schema: '#/a', family: 'weird', shape: 's' } } },
      { variants: { 'A.x': { family: 'status', shape: 's' } } },
      { variants: { 'A.x': { schema: '#/a', family: 'status', shape: 's', emptyBody: ['lenient'] } } },
      { variants: [] },
    ];
    for (const doc of bad)
      expect(
        codeOf(() => parseVariants(doc)),
        JSON.stringify(doc),
      ).toBe('SPEC_VARIANTS_INVALID');
  });
});
