/**
 * The conformance test file: vitest runs it with a generated configuration (never the harness's
 * own vitest.config.ts). Each scenario of the plan is one test. In the CLI's thread the plan and the
 * results are handed over in memory (handoff.ts); in a worker thread the plan comes from a file and
 * each ScenarioResult travels in `task.meta`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, test } from 'vitest';
import { outcomeError } from '../../../reporters/allure-status.js';
import type { ScenarioResult } from '../../model/index.js';
import { handedOff } from './handoff.js';
import { PLAN_ENV, type RunPlan } from './plan.js';
import { createWorkerRun } from './worker-run.js';

declare module 'vitest' {
  interface TaskMeta {
    scenarioResult?: ScenarioResult;
  }
}

const handoff = handedOff();
const plan = handoff?.plan ?? readPlan();
const record = handoff?.record;
const worker = createWorkerRun(plan);
afterAll(() => worker.close());

const recordAllure = plan.allure
  ? (await import('../../../reporters/allure.js')).recordAllure
  : async () => {};

// Exclusive scenarios first: each runs alone, and at the start nothing has to drain before it.
const ordered = [...plan.scenarios.filter((s) => s.exclusive), ...plan.scenarios.filter((s) => !s.exclusive)];

describe.concurrent('conformance', () => {
  for (const scenario of ordered) {
    test(`${scenario.id}: ${scenario.title}`, async ({ task, skip, signal }) => {
      const result = await worker.run(scenario, signal);
      if (record) record(result);
      else task.meta.scenarioResult = result;
      await recordAllure(scenario, result, plan.secrets);
      if (result.outcome === 'not-applicable' || result.outcome === 'skipped')
        skip(result.reason ?? result.outcome);
      // The target's failure is an assertion (Allure: failed); only a harness error is broken.
      const error = outcomeError(result);
      if (error) throw error;
    });
  }
});

/** The plan written by the run for a worker thread (the file named by PLAN_ENV). */
function readPlan(): RunPlan {
  const planFile = process.env[PLAN_ENV];
  if (!planFile)
    throw new Error(`${PLAN_ENV} is not set: this file is run by "interactions-conformance run"`);
  return JSON.parse(readFileSync(planFile, 'utf8')) as RunPlan;
}
