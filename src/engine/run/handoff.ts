import type { ScenarioResult } from '../../model/index.js';
import type { RunPlan } from './plan.js';

/** What the run hands the conformance test file when both are in this thread. */
export interface Handoff {
  plan: RunPlan;
  /** Takes each scenario's result the moment the scenario ends. */
  record(result: ScenarioResult): void;
}

let current: Handoff | undefined;

/**
 * Hands the plan to the conformance test file and takes its results, when the file runs in the
 * CLI's own thread (the in-process pool): nothing is serialized or parsed again, no credential is
 * written to disk, and a result is not lost when vitest stops relaying the tests' updates (a run
 * cancelled by --bail). In a worker thread this module is another instance with nothing handed
 * off: the plan comes from its file and results travel in the tests' metadata.
 */
export function handOff(handoff: Handoff): () => void {
  current = handoff;
  return () => {
    if (current === handoff) current = undefined;
  };
}

/** The handoff of a run in this thread, if any. */
export function handedOff(): Handoff | undefined {
  return current;
}
