import { performance } from 'node:perf_hooks';
import type { BlockedBy, Scenario, ScenarioResult } from '../../model/index.js';
import { loadSpec } from '../../spec/index.js';
import { HttpPools } from '../http/index.js';
import { createNotificationTransport } from '../notifications/index.js';
import { createProvisioner, describeError, type StepEnv } from '../steps/index.js';
import { ActorPool } from './actor-pool.js';
import { Breaker } from './breaker.js';
import type { RunPlan } from './plan.js';
import { runRounds } from './rounds.js';
import { emptyResult } from './scenario-result.js';
import { CANCELLED, runScenario } from './scenario-runner.js';

/** What the conformance test file uses: one per worker process, shared by every scenario test. */
export interface WorkerRun {
  /** `signal`: aborted when the run is cancelled (--bail); the scenario stops as soon as it can. */
  run(scenario: Scenario, signal?: AbortSignal): Promise<ScenarioResult>;
  close(): Promise<void>;
}

export function createWorkerRun(plan: RunPlan): WorkerRun {
  const pools = new HttpPools();
  const actorPool = new ActorPool(plan.actors, plan.concurrency);
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
  const notifications = createNotificationTransport(plan.notifications?.transport ?? 'long-polling', {
    url: plan.cometdUrl,
    handshakeMs: plan.timeouts.handshakeMs,
  });
  const breaker = new Breaker();
  const runDeadline = performance.now() + plan.timeouts.runMs;
  /** Why a scenario about to start is not run: the breaker tripped, or the run's budget is spent. */
  const blocker = (scenario: Scenario): BlockedBy | undefined =>
    breaker.blocks(scenario) ??
    (performance.now() > runDeadline
      ? {
          scenario: '(the run)',
          requirements: [],
          reason: `the run's budget timeouts.run (${Math.round(plan.timeouts.runMs / 1000)} s) was spent before this scenario started`,
        }
      : undefined);
  /** The result of a scenario about to start that is not to run: the run was cancelled, or blocked. */
  const notToRun = (scenario: Scenario, signal: AbortSignal | undefined): ScenarioResult | undefined => {
    if (signal?.aborted) return emptyResult(scenario, 'skipped', CANCELLED);
    const by = blocker(scenario);
    return by ? blockedResult(scenario, by) : undefined;
  };
  return {
    async run(scenario, signal) {
      const na = plan.notApplicable[scenario.id];
      if (na !== undefined) return emptyResult(scenario, 'not-applicable', na);
      const before = notToRun(scenario, signal);
      if (before) return before;
      let lease: Awaited<ReturnType<ActorPool['lease']>>;
      try {
        lease = await actorPool.lease(scenario.actors, scenario.exclusive);
      } catch (err) {
        return emptyResult(scenario, 'error', describeError(err));
      }
      // Waiting for actors may have taken a while: judge again before touching the target.
      const waited = notToRun(scenario, signal);
      if (waited) {
        lease.release();
        return waited;
      }
      try {
        const result = await runRounds(scenario, () =>
          runScenario(scenario, lease.actors, {
            env,
            cometdUrl: plan.cometdUrl,
            notifications,
            pools,
            handshakeMs: plan.timeouts.handshakeMs,
            scenarioMs: plan.timeouts.scenarioMs,
            names: plan.names,
            ...(plan.cleanupMs === undefined ? {} : { cleanupMs: plan.cleanupMs }),
            // Recorded as soon as the steps are judged, before the sessions close and the cleanup runs.
            onJudged: (result) => breaker.record(result),
            // A target that stopped answering would only make the cleanup wait out its budget.
            skipCleanup: () => breaker.stopsCleanup,
            ...(signal ? { signal } : {}),
          }),
        );
        // Cut short by the cancellation: what failed before it stands, a pass does not (not all ran).
        return signal?.aborted && result.outcome === 'passed'
          ? { ...result, outcome: 'skipped', reason: CANCELLED }
          : result;
      } finally {
        lease.release();
      }
    },
    close: () => pools.close(),
  };
}

/** A scenario not run because of a failure that repeated across the run, or the spent budget. */
function blockedResult(scenario: Scenario, by: BlockedBy): ScenarioResult {
  return { ...emptyResult(scenario, 'skipped', `blocked: ${by.reason}`), blockedBy: by };
}
