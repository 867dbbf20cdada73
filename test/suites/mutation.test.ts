import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/model/index.js';
import { FAULTS } from '../../src/server/index.js';
import { runSuitesAgainstReference } from './run-suites.js';

/** Requirement ids a failed scenario stands for: its failed steps' ids, and the scenario's own. */
function blamed(result: ScenarioResult): string[] {
  const steps = result.steps.filter((s) => s.outcome === 'failed' || s.outcome === 'error');
  return [...result.requirements, ...steps.flatMap((s) => s.requirements)];
}

/** How many fault servers run at once: enough to stay well inside CI time on 2 cores. */
const SIDE_BY_SIDE = 3;

describe('mutation self-test: every fault of the reference server is caught by the suites', () => {
  it('kills every fault, naming the requirement it breaks', async () => {
    const queue = [...FAULTS];
    const survivors: string[] = [];
    const worker = async () => {
      for (let fault = queue.shift(); fault; fault = queue.shift()) {
        const run = await runSuitesAgainstReference({ faults: [fault.name], concurrency: 3 });
        const failed = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
        const named = failed.some((r) => blamed(r).includes(fault.requirement));
        if (failed.length === 0 || !named) {
          survivors.push(
            `${fault.name} (${failed.length} failing scenarios, none naming ${fault.requirement})`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: SIDE_BY_SIDE }, worker));
    const killed = FAULTS.length - survivors.length;
    console.log(`mutation kill rate: ${killed}/${FAULTS.length}`);
    expect(FAULTS.length).toBeGreaterThan(0);
    expect(survivors).toEqual([]);
  }, 600_000);
});
