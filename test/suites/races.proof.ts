import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/model/index.js';
import { FAULTS } from '../../src/server/index.js';
import { describeFailures, runSuitesAgainstReference } from './run-suites.js';

/**
 * The proof runs behind the race, order, ownership and cookie-handshake checks, repeated so that luck
 * cannot pass them: every new fault is caught by the whole suites in each of 5 consecutive runs, and
 * the new scenarios pass the reference server in 10 consecutive runs under each set of readings.
 * `npm run proof` runs them (several minutes); they print their counts.
 */
const NEW_FAULTS = [
  'ix-accept-07-non-atomic',
  'ix-udata-14-lost-update',
  'ix-notify-05-reordered',
  'ix-transfer-10-previous-owner-notified',
  'ix-transfer-10-reply-to-first-agent',
  'ix-auth-06-cookie-handshake-refused',
];
const NEW_SCENARIOS = [
  'race-two-accepts-one-wins',
  'race-accept-and-reject-one-wins',
  'race-parallel-attach-keeps-every-key',
  'order-accept-then-complete-at-once',
  'transfer-later-changes-heard-by-new-owner-alone',
  'transfer-email-reply-heard-by-new-owner-alone',
  'reject-reoffered-to-another-agent',
  'place-in-queue',
  'cometd-session-by-session-cookie',
  'update-user-data-nested',
];
const MUTATION_RUNS = 5;
const CLEAN_RUNS = 10;

function blamed(result: ScenarioResult): string[] {
  const steps = result.steps.filter((s) => s.outcome === 'failed' || s.outcome === 'error');
  return [...result.requirements, ...steps.flatMap((s) => s.requirements)];
}

describe.concurrent('proof: the new faults are caught in every run', () => {
  for (const name of NEW_FAULTS) {
    const fault = FAULTS.find((f) => f.name === name);
    it(`${name}: caught in ${MUTATION_RUNS} of ${MUTATION_RUNS} consecutive runs`, async () => {
      expect(fault, name).toBeDefined();
      let caught = 0;
      const misses: string[] = [];
      for (let run = 1; run <= MUTATION_RUNS; run++) {
        const suite = await runSuitesAgainstReference({ faults: [name], concurrency: 6 });
        const naming = suite.results.filter(
          (r) =>
            (r.outcome === 'failed' || r.outcome === 'error') && blamed(r).includes(fault?.requirement ?? ''),
        );
        if (naming.length > 0) caught++;
        else misses.push(`run ${run}: no failing scenario names ${fault?.requirement}`);
      }
      console.log(`proof: ${name} caught in ${caught}/${MUTATION_RUNS} consecutive runs`);
      expect(misses).toEqual([]);
    });
  }
});

describe('proof: the new scenarios pass the reference server, with no flake', () => {
  for (const readings of ['reference', 'alternate'] as const) {
    it(`${readings} readings: ${CLEAN_RUNS} consecutive clean runs`, async () => {
      let clean = 0;
      const failures: string[] = [];
      for (let run = 1; run <= CLEAN_RUNS; run++) {
        const suite = await runSuitesAgainstReference({ only: NEW_SCENARIOS, readings, concurrency: 4 });
        expect(suite.results.length).toBe(NEW_SCENARIOS.length);
        const failed = describeFailures(suite.results);
        if (failed.length === 0) clean++;
        else failures.push(...failed.map((f) => `run ${run}: ${f}`));
      }
      console.log(
        `proof: ${NEW_SCENARIOS.length} new scenarios, ${readings} readings: ${clean}/${CLEAN_RUNS} runs clean`,
      );
      expect(failures).toEqual([]);
    });
  }
});
