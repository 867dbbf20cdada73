/// <reference types="vitest/config" />
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestCase } from 'vitest/node';
import { allureVitestConfig } from '../../../reporters/vitest-reporters.js';
import type { Scenario, ScenarioResult } from '../../model/index.js';
import { handOff } from './handoff.js';
import { canRunInProcess, inProcessPool } from './in-process-pool.js';
import { PLAN_ENV, type RunPlan } from './plan.js';
import { emptyResult } from './scenario-result.js';

/** The conformance test file next to this module: `.ts` from the sources, `.js` when built. */
function entryFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const js = join(here, 'conformance-entry.js');
  return existsSync(js) ? js : join(here, 'conformance-entry.ts');
}

/**
 * Built modules the worker may load as Node loads them: the compiled output (`dist/`, three levels
 * above the entry) is plain ESM, so vite need not transform it module by module. From the sources
 * (`.ts`) everything goes through vite, as it must.
 */
function nativeModules(entry: string): RegExp[] {
  if (!entry.endsWith('.js')) return [];
  const dist = dirname(dirname(dirname(dirname(entry))));
  return [new RegExp(`^${dist.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(src|reporters)/`)];
}

/** Collects each scenario's result as the tests finish: handed over in memory, or from `task.meta`. */
class CollectorReporter implements Reporter {
  readonly results = new Map<string, ScenarioResult>();
  readonly #onResult: ((r: ScenarioResult) => void) | undefined;

  constructor(onResult?: (r: ScenarioResult) => void) {
    this.#onResult = onResult;
  }

  onTestCaseResult(testCase: TestCase): void {
    const result = (testCase.meta() as { scenarioResult?: ScenarioResult }).scenarioResult;
    if (result) this.record(result);
  }

  record(result: ScenarioResult): void {
    this.results.set(result.scenarioId, result);
    this.#onResult?.(result);
  }
}

export interface VitestRunOptions {
  plan: RunPlan;
  scenarios: Scenario[];
  concurrency: number;
  bail: boolean;
  /** Bound per test: the scenario bound plus the connection and teardown time. */
  testTimeoutMs: number;
  /** Write Allure results under `<reportDir>/allure-results`. */
  allureReportDir?: string;
  onResult?: (r: ScenarioResult) => void;
  /** More vitest reporters, e.g. the terminal progress line. */
  reporters?: Reporter[];
}

/** A vitest instance made ready before the plan exists (while the preflight talks to the target). */
export interface PreparedVitestRun {
  /** Runs the plan (once), then releases vitest. */
  run(plan: RunPlan): Promise<ScenarioResult[]>;
  /** Releases vitest without running (the run stopped before its scenarios); harmless after `run`. */
  close(): Promise<void>;
}

/**
 * Runs the plan's scenarios as vitest tests in one worker (the actor pool lives there) and returns
 * one result per scenario, in the plan's order. A scenario without a result (bail, a crashed worker)
 * gets `skipped` or `error` with the reason.
 */
export async function runWithVitest(opts: VitestRunOptions): Promise<ScenarioResult[]> {
  return (await prepareVitestRun(opts)).run(opts.plan);
}

/**
 * Loads vitest and creates its instance (its module graph and vite server, most of its start-up
 * cost) without the plan, so that the caller can overlap it with the embedded server's start and
 * the preflight.
 */
export async function prepareVitestRun(opts: Omit<VitestRunOptions, 'plan'>): Promise<PreparedVitestRun> {
  const { createVitest } = await import('vitest/node');
  const entry = entryFile();
  const inProcess = entry.endsWith('.js') && canRunInProcess();
  const collector = new CollectorReporter(opts.onResult);
  const allure = opts.allureReportDir ? await allureVitestConfig(opts.allureReportDir) : undefined;
  const previousExitCode = process.exitCode;
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: dirname(entry),
      dir: dirname(entry),
      watch: false,
      // No results cache: it would be written next to the entry file, inside the installed package.
      cache: false,
      reporters: [collector, ...(opts.reporters ?? []), ...(allure ? [allure.reporter] : [])],
      ...(allure ? { setupFiles: allure.setupFiles } : {}),
      maxConcurrency: Math.max(1, opts.concurrency),
      ...(opts.bail ? { bail: 1 } : {}),
      testTimeout: opts.testTimeoutMs,
      hookTimeout: opts.testTimeoutMs,
      // One test file, run in this thread where its modules are already loaded (built engine), else
      // in one worker thread. The scenarios' isolation is the actor pool's job.
      pool: inProcess ? inProcessPool() : 'threads',
      // In this thread the console is the CLI's: vitest must not replace it.
      disableConsoleIntercept: inProcess,
      isolate: false,
      maxWorkers: 1,
      fileParallelism: false,
      server: { deps: { external: nativeModules(entry) } },
      passWithNoTests: true,
    },
    // Only the generated entry: the run must work from node_modules (where vitest's default
    // exclude would drop it) and must not pick up the harness's own tests.
    { test: { include: [entry.slice(dirname(entry).length + 1)], exclude: [] } },
  );
  process.exitCode = previousExitCode;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await vitest.close();
  };
  return {
    close,
    async run(plan) {
      let ranToEnd = false;
      const handover = inProcess
        ? handOverInMemory(plan, (r) => collector.record(r))
        : await handOverByFile(plan);
      try {
        try {
          await vitest.start();
          ranToEnd = true;
        } finally {
          await close();
        }
      } finally {
        await handover.end();
        // vitest sets a failing exit code for failed tests; the CLI decides the exit code itself.
        process.exitCode = previousExitCode;
      }
      return opts.scenarios.map(
        (s) =>
          collector.results.get(s.id) ??
          (opts.bail
            ? emptyResult(s, 'skipped', 'not run: the run stopped at the first failure (--bail)')
            : emptyResult(
                s,
                'error',
                ranToEnd ? 'the test reported no result' : 'the test run did not finish',
              )),
      );
    },
  };
}

interface Handover {
  /** Takes the plan back once the run is over. */
  end(): Promise<void>;
}

/** The test file runs in this thread: it takes the plan from memory and gives each result back. */
function handOverInMemory(plan: RunPlan, record: (r: ScenarioResult) => void): Handover {
  const takeBack = handOff({ plan, record });
  return { end: async () => takeBack() };
}

/**
 * The test file runs in a worker thread: the plan goes in a file of a private temporary folder
 * (it holds credentials), named by PLAN_ENV, both removed after the run.
 */
async function handOverByFile(plan: RunPlan): Promise<Handover> {
  const dir = await mkdtemp(join(tmpdir(), 'interactions-conformance-'));
  const planFile = join(dir, 'plan.json');
  await writeFile(planFile, JSON.stringify(plan), { mode: 0o600 });
  const previous = process.env[PLAN_ENV];
  process.env[PLAN_ENV] = planFile;
  return {
    async end() {
      if (previous === undefined) delete process.env[PLAN_ENV];
      else process.env[PLAN_ENV] = previous;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
