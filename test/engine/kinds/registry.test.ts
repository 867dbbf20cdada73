import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INCLUDE_KEY, kindOf, kindOfRaw, STEP_KEYS, STEP_KINDS } from '../../../src/engine/kinds/registry.js';

interface StepSchema {
  $defs: Record<string, { properties?: Record<string, unknown> } & Record<string, unknown>> & {
    step: {
      oneOf: Array<{ required: string[] }>;
      allOf: Array<{ if: { required: string[] }; then: { $ref: string } }>;
    };
  };
}
const schema = JSON.parse(readFileSync('spec/scenario.schema.json', 'utf8')) as StepSchema;

describe('the step-kind registry', () => {
  it('names every key the scenario schema accepts for a step, and no other', () => {
    const schemaKeys = schema.$defs.step.oneOf.map((o) => o.required[0]);
    expect([...STEP_KEYS].sort()).toEqual([...schemaKeys].sort());
  });

  it("points each kind at its own fragment of the schema, the one the schema uses for the kind's key", () => {
    for (const kind of STEP_KINDS) {
      const fragment = schema.$defs[kind.schemaDef];
      expect(fragment, kind.schemaDef).toBeDefined();
      expect(Object.keys(fragment?.properties ?? {}), kind.schemaDef).toContain(kind.key);
      const rule = schema.$defs.step.allOf.find((r) => r.if.required[0] === kind.key);
      expect(rule?.then.$ref).toBe(`#/$defs/${kind.schemaDef}`);
    }
    expect(schema.$defs.step.allOf.find((r) => r.if.required[0] === INCLUDE_KEY)).toBeDefined();
  });

  it('finds a kind by its YAML key and by its model kind, one module per kind', () => {
    expect(kindOfRaw({ 'no-message': { actor: 'a' }, title: 't' })?.kind).toBe('no-message');
    expect(kindOfRaw({ include: 'x' })).toBeUndefined();
    for (const kind of STEP_KINDS) expect(kindOf(kind.kind)).toBe(kind);
    expect(new Set(STEP_KINDS.map((k) => k.kind)).size).toBe(STEP_KINDS.length);
    expect(() => kindOf('nope' as never)).toThrow(/no step kind module/);
  });
});
