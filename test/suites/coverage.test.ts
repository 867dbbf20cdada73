import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSuites } from '../../src/engine/load/index.js';
import type { Scenario, Suite } from '../../src/model/index.js';
import { loadSpec } from '../../src/spec/index.js';

/** The suites folder, found from this file so the test runs from any working directory. */
const SUITES = fileURLToPath(new URL('../../suites', import.meta.url));
/** The `names` every target configuration provides to the suites. */
const NAMES = ['queue', 'otherQueue', 'workbin', 'otherWorkbin'];

/** Every requirement id a scenario stands for: its own, and those its steps name. */
function idsOf(scenario: Scenario): string[] {
  return [...scenario.requirements, ...scenario.steps.flatMap((s) => s.requirements)];
}

describe('the conformance suites', () => {
  const spec = loadSpec();
  let suites: Suite[] = [];
  let problems: string[] = [];

  beforeAll(async () => {
    const loaded = await loadSuites([SUITES], { spec, names: NAMES });
    suites = loaded.suites;
    problems = loaded.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.code} ${p.message}`);
  });

  it('load without a single problem', () => {
    expect(problems).toEqual([]);
    expect(suites.length).toBeGreaterThan(10);
  });

  it('cover every requirement of the catalogue', () => {
    const covered = new Set(suites.flatMap((s) => s.scenarios.flatMap(idsOf)));
    const uncovered = spec.requirements.map((r) => r.id).filter((id) => !covered.has(id));
    expect(uncovered).toEqual([]);
  });

  it('name at least one known requirement in every scenario', () => {
    const scenarios = suites.flatMap((s) => s.scenarios);
    expect(scenarios.length).toBeGreaterThan(0);
    const without = scenarios.filter((s) => s.requirements.length === 0).map((s) => s.id);
    expect(without).toEqual([]);
    const unknown = scenarios.flatMap(idsOf).filter((id) => spec.requirement(id) === undefined);
    expect(unknown).toEqual([]);
  });

  it('give every scenario a unique id', () => {
    const ids = suites.flatMap((s) => s.scenarios.map((sc) => sc.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('check every requirement on a step, so that a failure points at it', () => {
    // A requirement named only at scenario level would make every failing step of that scenario
    // blame it; each id must be the explicit subject of at least one step somewhere.
    const onSteps = new Set(
      suites.flatMap((s) => s.scenarios.flatMap((sc) => sc.steps.flatMap((st) => st.requirements))),
    );
    const onlyOnScenarios = spec.requirements.map((r) => r.id).filter((id) => !onSteps.has(id));
    expect(onlyOnScenarios).toEqual([]);
  });
});
