import { fileURLToPath } from 'node:url';
import { LOOPBACK_QUIET_MS } from '../../src/engine/config/load-config.js';
import type { Credential } from '../../src/engine/config/types.js';
import { loadSuites } from '../../src/engine/load/index.js';
import type { RunPlan } from '../../src/engine/run/plan.js';
import { createWorkerRun } from '../../src/engine/run/worker-run.js';
import type { Dialect, ScenarioResult } from '../../src/model/index.js';
import { startReferenceServer } from '../../src/server/index.js';
import { loadSpec } from '../../src/spec/index.js';

export const SUITES = fileURLToPath(new URL('../../suites', import.meta.url));
/** The reference server's own names, as a target's config gives them. */
export const REFERENCE_NAMES = {
  queue: 'support',
  otherQueue: 'sales',
  workbin: 'followup',
  otherWorkbin: 'pending',
};

export interface SuiteRun {
  results: ScenarioResult[];
  problems: string[];
}

/**
 * Starts a reference server (with the given dialect and faults) and runs every scenario of suites/
 * against it through the engine's worker run (the code each conformance test runs inside vitest),
 * `concurrency` scenarios at a time with actors leased from the fixture users; then closes it.
 */
export async function runSuitesAgainstReference(
  opts: {
    dialect?: Dialect;
    faults?: string[];
    concurrency?: number;
    /** The reference server's readings: its reference options (default) or its alternate ones. */
    readings?: 'reference' | 'alternate';
    /** Only these scenarios (ids); absent: every scenario. */
    only?: readonly string[];
    /** Suite folders or files; absent: suites/. */
    suites?: string[];
  } = {},
): Promise<SuiteRun> {
  const spec = loadSpec();
  // The quiet window the CLI gives a loopback target, so that detection is judged as a run sees it.
  const loaded = await loadSuites(opts.suites ?? [SUITES], {
    spec,
    names: Object.keys(REFERENCE_NAMES),
    quietMs: LOOPBACK_QUIET_MS,
  });
  const problems = loaded.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.code} ${p.message}`);
  const dialect = opts.dialect ?? 'envelope';
  const server = await startReferenceServer({
    dialect,
    faults: opts.faults ?? [],
    ...(opts.readings ? { readings: opts.readings } : {}),
  });
  const credential = (u: { username: string; password: string }): Credential => ({
    username: u.username,
    password: u.password,
    userId: u.username,
  });
  const byRole = (role: 'agent' | 'admin' | undefined) =>
    server.users.filter((u) => (role ? u.roles.includes(role) : u.roles.length === 0)).map(credential);
  const only = opts.only === undefined ? undefined : new Set(opts.only);
  const scenarios = loaded.suites.flatMap((s) => s.scenarios).filter((sc) => !only || only.has(sc.id));
  const concurrency = opts.concurrency ?? 4;
  const plan: RunPlan = {
    scenarios,
    notApplicable: {},
    baseUrl: server.baseUrl,
    cometdUrl: server.cometdUrl,
    controlUrl: server.controlUrl ?? '',
    provisioner: { kind: 'http', prefix: '/control/v1' },
    dialect,
    timeouts: { requestMs: 5000, messageMs: 5000, handshakeMs: 5000, scenarioMs: 60_000, runMs: 1_800_000 },
    names: REFERENCE_NAMES,
    actors: { agent: byRole('agent'), admin: byRole('admin'), norole: byRole(undefined) },
    concurrency,
    allure: false,
    secrets: [],
  };
  const worker = createWorkerRun(plan);
  try {
    const results: ScenarioResult[] = [];
    const queue = [...scenarios];
    const next = async () => {
      for (let sc = queue.shift(); sc; sc = queue.shift()) results.push(await worker.run(sc));
    };
    await Promise.all(Array.from({ length: concurrency }, next));
    return { results, problems };
  } finally {
    await worker.close();
    await server.close();
  }
}

/** One line per failed or errored step, for assertion messages. */
export function describeFailures(results: ScenarioResult[]): string[] {
  return results
    .filter((r) => r.outcome !== 'passed')
    .map((r) => {
      const step = r.steps.find((s) => s.outcome === 'failed' || s.outcome === 'error');
      const checks = step?.checks.filter((c) => !c.passed).map((c) => c.message ?? c.name) ?? [];
      return `${r.scenarioId} [${r.outcome}] ${step ? `step ${step.index + 1} "${step.title}": ` : ''}${r.reason ?? ''} ${checks.join(' | ')}`;
    });
}
