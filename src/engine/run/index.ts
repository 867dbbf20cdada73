// The channel every actor subscribes to; message steps default to it (the loader sets it on them).
export { DEFAULT_CHANNEL } from '../load/build-step.js';
export { ActorPool, type Lease } from './actor-pool.js';
export { PLAN_ENV, type RunPlan } from './plan.js';
export {
  type EmbeddedTarget,
  type RunConformanceOptions,
  runConformance,
  secretsOf,
  suiteDigest,
} from './run-conformance.js';
export { emptyResult, scenarioOutcome } from './scenario-result.js';
export { runScenario, type ScenarioRunOptions, stepReason } from './scenario-runner.js';
export { notApplicableReason, selectScenarios, shardScenarios } from './select.js';
export { runWithVitest } from './vitest-run.js';
