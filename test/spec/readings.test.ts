import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, specDir } from '../../src/spec/index.js';
import { parseReadings } from '../../src/spec/readings.js';
import { parseRequirements } from '../../src/spec/requirements.js';

const spec = loadSpec();
const errata = readFileSync(join(specDir(), 'errata.md'), 'utf8');

describe('the reading catalogue', () => {
  it('no requirement resting on a decision of this project is a MUST', () => {
    const decidedMusts = spec.requirements.filter((r) => r.basis === 'decision' && r.level === 'MUST');
    expect(decidedMusts.map((r) => r.id)).toEqual([]);
    // And the loader refuses one, so the catalogue cannot drift into it.
    expect(() =>
      parseRequirements({
        requirements: [
          {
            id: 'IX-X-01',
            quote: 'q',
            statement: 's',
            operation: 'o',
            level: 'MUST',
            profile: 'core',
            basis: 'decision',
          },
        ],
      }),
    ).toThrow(/basis is decision cannot be a MUST/);
  });

  it('every point has an errata entry that names it', () => {
    for (const point of spec.readings) {
      expect(point.errata, point.id).toBeDefined();
      const heading = new RegExp(`^## ${point.errata} `, 'm').exec(errata);
      expect(heading, `${point.errata} exists`).not.toBeNull();
      const section = errata.slice(heading?.index ?? 0).split(/\n## /)[0] ?? '';
      expect(section, `${point.errata} mentions ${point.id}`).toContain(`\`${point.id}\``);
    }
  });

  it('every point offers at least two options, and the reference and alternate ones differ', () => {
    for (const point of spec.readings) {
      expect(point.options.length, point.id).toBeGreaterThanOrEqual(2);
      expect(point.reference).not.toBe(point.alternate);
    }
  });

  it('refuses an unknown requirement, a reference that is not an option, a single option', () => {
    const ids = new Set(['IX-A-01']);
    const point = {
      id: 'p',
      question: 'q',
      requirements: ['IX-A-01'],
      options: [
        { name: 'a', wire: 'w' },
        { name: 'b', wire: 'w' },
      ],
      reference: 'a',
      alternate: 'b',
    };
    expect(() => parseReadings({ readings: [point] }, ids)).not.toThrow();
    expect(() => parseReadings({ readings: [{ ...point, requirements: ['IX-B-01'] }] }, ids)).toThrow(
      /unknown requirement/,
    );
    expect(() => parseReadings({ readings: [{ ...point, reference: 'c' }] }, ids)).toThrow(
      /not one of its options/,
    );
    expect(() => parseReadings({ readings: [{ ...point, options: [point.options[0]] }] }, ids)).toThrow(
      /two/,
    );
  });
});
