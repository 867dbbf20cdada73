import { EventEmitter } from 'node:events';
import type { PoolRunnerInitializer, PoolWorker } from 'vitest/node';

/**
 * A vitest pool that runs the test file in the calling thread instead of a worker thread or
 * process. The conformance run is one test file whose modules (the engine, undici, the CometD
 * client, the compiled spec) the CLI has already loaded: a worker would start a thread and load
 * them all again (~0.4 s of every run). vitest's own worker runtime (`vitest/worker`) runs here,
 * talking to the pool through a pair of in-memory channels instead of `postMessage`.
 *
 * Only for a process that is not itself a vitest worker (the runtime keeps its state in globals):
 * see `canRunInProcess`.
 */
export function inProcessPool(): PoolRunnerInitializer {
  return { name: IN_PROCESS_POOL, createPoolWorker: () => new InProcessPoolWorker() };
}

export const IN_PROCESS_POOL = 'in-process';

/** True unless this thread already hosts a vitest test runtime (the harness's own tests, say). */
export function canRunInProcess(): boolean {
  return (globalThis as { __vitest_worker__?: unknown }).__vitest_worker__ === undefined;
}

type Listener = (message: unknown) => void;

const ERROR_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

class InProcessPoolWorker implements PoolWorker {
  readonly name = IN_PROCESS_POOL;
  /** Messages from vitest's side (the pool runner) to the runtime. */
  readonly #toRuntime = new EventEmitter();
  /** Messages from the runtime to vitest's side, plus its `error` and `exit` events (never emitted). */
  readonly #toPool = new EventEmitter();
  #started = false;
  #restore: (() => void) | undefined;

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const { init, runBaseTests, setupEnvironment } = await import('vitest/worker');
    // The runtime replaces process.exit with a function that throws (a test must not end the
    // process); that is right for the tests and wrong for the CLI once they are done.
    // It also listens for uncaught errors to report them as the tests'; after the run they are
    // the CLI's again.
    const exit = process.exit;
    const events: EventEmitter = process;
    const before = new Map(ERROR_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
    this.#restore = () => {
      process.exit = exit;
      for (const event of ERROR_EVENTS)
        for (const listener of events.listeners(event))
          if (!before.get(event)?.has(listener)) events.off(event, listener as Listener);
    };
    init({
      // Copied and delivered later, as postMessage does: each side owns its objects (vitest keys its
      // state by them) and neither re-enters the other's handler.
      post: (response) => {
        const copy = structuredClone(response);
        setImmediate(() => this.#toPool.emit('message', copy));
      },
      on: (callback: Listener) => this.#toRuntime.on('message', callback),
      off: (callback: Listener) => this.#toRuntime.off('message', callback),
      teardown: () => this.#toRuntime.removeAllListeners('message'),
      runTests: (state, traces) => runBaseTests('run', state, traces),
      collectTests: (state, traces) => runBaseTests('collect', state, traces),
      setup: setupEnvironment,
    });
  }

  async stop(): Promise<void> {
    this.#toRuntime.removeAllListeners();
    this.#toPool.removeAllListeners();
    this.#restore?.();
  }

  send(message: unknown): void {
    const copy = structuredClone(message);
    setImmediate(() => this.#toRuntime.emit('message', copy));
  }

  on(event: string, callback: Listener): void {
    this.#toPool.on(event, callback);
  }

  off(event: string, callback: Listener): void {
    this.#toPool.off(event, callback);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  canReuse(): boolean {
    return true;
  }
}
