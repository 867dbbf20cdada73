import type { Scenario, ScenarioResult } from '../../model/index.js';
import { loadSpec } from '../../spec/index.js';
import { HttpPools } from '../http/index.js';
import { createProvisioner, describeError, type StepEnv } from '../steps/index.js';
import { ActorPool } from './actor-pool.js';
import type { RunPlan } from './plan.js';
import { runRounds } from './rounds.js';
import { emptyResult } from './scenario-result.js';
import { runScenario } from './scenario-runner.js';

/** What the conformance test file uses: one per worker process, shared by every scenario test. */
export interface WorkerRun {
  run(scenario: Scenario): Promise<ScenarioResult>;
  close(): Promise<void>;
}

export function createWorkerRun(plan: RunPlan): WorkerRun {
  const pools = new HttpPools();
  const actorPool = new ActorPool(plan.actors);
  const spec = loadSpec();
  const env: StepEnv = {
    baseUrl: plan.baseUrl,
    dialect: plan.dialect,
    requestMs: plan.timeouts.requestMs,
    validator: spec,
    readings: new Map(spec.readings.map((p) => [p.id, p])),
    provisioner: createProvisioner(plan.provisioner, {
      pools,
      controlUrl: plan.controlUrl,
      timeoutMs: plan.timeouts.requestMs,
    }),
  };
  return {
    async run(scenario) {
      const na = plan.notApplicable[scenario.id];
      if (na !== undefined) return emptyResult(scenario, 'not-applicable', na);
      let lease: Awaited<ReturnType<ActorPool['lease']>>;
      try {
        lease = await actorPool.lease(scenario.actors, scenario.exclusive);
      } catch (err) {
        return emptyResult(scenario, 'error', describeError(err));
      }
      try {
        return await runRounds(scenario, () =>
          runScenario(scenario, lease.actors, {
            env,
            cometdUrl: plan.cometdUrl,
            pools,
            handshakeMs: plan.timeouts.handshakeMs,
            scenarioMs: plan.timeouts.scenarioMs,
            names: plan.names,
            ...(plan.cleanupMs === undefined ? {} : { cleanupMs: plan.cleanupMs }),
          }),
        );
      } finally {
        lease.release();
      }
    },
    close: () => pools.close(),
  };
}
