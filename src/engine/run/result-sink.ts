import type { ScenarioResult } from '../../model/index.js';

type Sink = (result: ScenarioResult) => void;
let current: Sink | undefined;

/**
 * Where the conformance test file hands each scenario's result when it runs in the CLI's own thread
 * (the in-process pool): straight to the run, the moment the scenario ends. Nothing is copied, and
 * a result is not lost when vitest stops relaying the tests' updates (a run cancelled by --bail).
 * In a worker thread this module is another instance with no sink, and results travel in the
 * test's metadata instead.
 */
export function openResultSink(sink: Sink): () => void {
  current = sink;
  return () => {
    if (current === sink) current = undefined;
  };
}

/** The open sink, if the run is in this thread. */
export function resultSink(): Sink | undefined {
  return current;
}
