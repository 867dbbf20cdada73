import { afterAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/model/index.js';
import { FAULTS } from '../../src/server/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { runSuitesAgainstReference } from './run-suites.js';

/** Requirement ids a failed scenario stands for: its failed steps' ids, and the scenario's own. */
function blamed(result: ScenarioResult): string[] {
  const steps = result.steps.filter((s) => s.outcome === 'failed' || s.outcome === 'error');
  return [...result.requirements, ...steps.flatMap((s) => s.requirements)];
}

const killed: string[] = [];

// Each fault gets its own reference server; vitest runs several of these tests side by side
// (maxConcurrency), since most of a faulty run is spent waiting for notifications that never come.
describe.concurrent('mutation self-test: the suites catch every fault of the reference server', () => {
  afterAll(() => {
    console.log(`mutation kill rate: ${killed.length}/${FAULTS.length}`);
  });

  for (const fault of FAULTS) {
    it(`${fault.name} is caught by a scenario naming ${fault.requirement}`, async () => {
      const run = await runSuitesAgainstReference({ faults: [fault.name], concurrency: 6 });
      expect(run.problems).toEqual([]);
      const failed = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
      expect(failed.length, 'the run must fail with the fault on').toBeGreaterThan(0);
      const naming = failed.filter((r) => blamed(r).includes(fault.requirement)).map((r) => r.scenarioId);
      expect(naming, `failing scenarios: ${failed.map((r) => r.scenarioId).join(', ')}`).not.toEqual([]);
      // A fault is a breach of what the seed or the platform says, never of a project decision.
      const basis = loadSpec().requirement(fault.requirement)?.basis;
      expect(basis, `${fault.requirement} rests on the seed or the platform`).toMatch(/^(seed|platform)$/);
      killed.push(fault.name);
    }, 300_000);
  }
});
