import { fileURLToPath } from 'node:url';
import type { Credential } from '../../src/engine/config/types.js';
import { HttpPools } from '../../src/engine/http/index.js';
import { loadSuites } from '../../src/engine/load/index.js';
import { ActorPool } from '../../src/engine/run/actor-pool.js';
import { runScenario } from '../../src/engine/run/scenario-runner.js';
import { createProvisioner } from '../../src/engine/steps/provisioner.js';
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
 * Starts a reference server (with the given dialect and faults), runs every scenario of suites/
 * against it through the engine, with actors leased from the fixture users, then closes it.
 */
export async function runSuitesAgainstReference(
  opts: { dialect?: Dialect; faults?: string[]; concurrency?: number } = {},
): Promise<SuiteRun> {
  const spec = loadSpec();
  const loaded = await loadSuites([SUITES], { spec, names: Object.keys(REFERENCE_NAMES) });
  const problems = loaded.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.code} ${p.message}`);
  const server = await startReferenceServer({
    dialect: opts.dialect ?? 'envelope',
    faults: opts.faults ?? [],
  });
  const pools = new HttpPools();
  try {
    const credential = (u: { username: string; password: string }): Credential => ({
      username: u.username,
      password: u.password,
      userId: u.username,
    });
    const byRole = (role: 'agent' | 'admin' | undefined) =>
      server.users.filter((u) => (role ? u.roles.includes(role) : u.roles.length === 0)).map(credential);
    const pool = new ActorPool({ agent: byRole('agent'), admin: byRole('admin'), norole: byRole(undefined) });
    const provisioner = createProvisioner(
      { kind: 'http', prefix: '/control/v1' },
      { pools, controlUrl: server.controlUrl ?? '', timeoutMs: 5000 },
    );
    const scenarios = loaded.suites.flatMap((s) => s.scenarios);
    const results: ScenarioResult[] = [];
    const queue = [...scenarios];
    const worker = async () => {
      for (let sc = queue.shift(); sc; sc = queue.shift()) {
        const lease = await pool.lease(sc.actors, sc.exclusive);
        try {
          results.push(
            await runScenario(sc, lease.actors, {
              env: {
                baseUrl: server.baseUrl,
                dialect: opts.dialect ?? 'envelope',
                strictness: 'strict',
                requestMs: 5000,
                validator: spec,
                provisioner,
              },
              cometdUrl: server.cometdUrl,
              pools,
              handshakeMs: 5000,
              scenarioMs: 60_000,
              names: REFERENCE_NAMES,
            }),
          );
        } finally {
          lease.release();
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
    return { results, problems };
  } finally {
    await pools.close();
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
