import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeRuns } from '../../reporters/merge.js';
import { requirementResults } from '../../reporters/verdicts.js';
import type { Credential } from '../../src/engine/config/types.js';
import { loadSuites } from '../../src/engine/load/index.js';
import type { PoolByRole } from '../../src/engine/run/actor-pool.js';
import type { RunPlan } from '../../src/engine/run/plan.js';
import { checkShardActors, type Shard, shardActors, shardScenarios } from '../../src/engine/run/select.js';
import { createWorkerRun } from '../../src/engine/run/worker-run.js';
import type { Profile, RunResult, Scenario, ScenarioResult } from '../../src/model/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { describeFailures, REFERENCE_NAMES, SUITES } from './run-suites.js';

/**
 * Whole-suite runs against one reference server: what the cleanup leaves behind (read through the
 * control listing), and three shards running at once with their own agent slices.
 */
const spec = loadSpec();
const LIVE = new Set(['Invited', 'Processing', 'Composing']);
let scenarios: Scenario[];
let singleRun: ScenarioResult[] = [];

beforeAll(async () => {
  const loaded = await loadSuites([SUITES], { spec, names: Object.keys(REFERENCE_NAMES) });
  expect(loaded.problems).toEqual([]);
  scenarios = loaded.suites.flatMap((s) => s.scenarios).sort((a, b) => (a.id < b.id ? -1 : 1));
});

function poolOf(server: RunningServer): PoolByRole {
  const credential = (u: { username: string; password: string }): Credential => ({
    username: u.username,
    password: u.password,
    userId: u.username,
  });
  const byRole = (role: 'agent' | 'admin' | undefined) =>
    server.users.filter((u) => (role ? u.roles.includes(role) : u.roles.length === 0)).map(credential);
  return { agent: byRole('agent'), admin: byRole('admin'), norole: byRole(undefined) };
}

/** Runs the scenarios through the engine's worker run, `concurrency` at a time. */
async function runOn(
  server: RunningServer,
  list: Scenario[],
  actors: PoolByRole,
  concurrency: number,
): Promise<ScenarioResult[]> {
  const plan: RunPlan = {
    scenarios: list,
    notApplicable: {},
    baseUrl: server.baseUrl,
    cometdUrl: server.cometdUrl,
    controlUrl: server.controlUrl ?? '',
    provisioner: { kind: 'http', prefix: '/control/v1' },
    dialect: 'envelope',
    timeouts: { requestMs: 5000, messageMs: 5000, handshakeMs: 5000, scenarioMs: 60_000, runMs: 1_800_000 },
    names: REFERENCE_NAMES,
    actors,
    concurrency,
    allure: false,
    secrets: [],
  };
  const worker = createWorkerRun(plan);
  try {
    const results: ScenarioResult[] = [];
    const queue = [...list];
    const next = async () => {
      for (let sc = queue.shift(); sc; sc = queue.shift()) results.push(await worker.run(sc));
    };
    await Promise.all(Array.from({ length: concurrency }, next));
    return results;
  } finally {
    await worker.close();
  }
}

async function controlListing(server: RunningServer): Promise<Array<{ id: string; state: string }>> {
  const res = await request(`${server.controlUrl}/interactions`);
  expect(res.statusCode).toBe(200);
  return ((await res.body.json()) as { interactions: Array<{ id: string; state: string }> }).interactions;
}

const profiles = (): Profile[] => [...new Set(spec.requirements.map((r) => r.profile))];

function runResult(results: ScenarioResult[], server: RunningServer, shard?: Shard): RunResult {
  return {
    harnessVersion: 'test',
    startedAt: new Date().toISOString(),
    durationMs: 0,
    target: { baseUrl: server.baseUrl, cometdUrl: server.cometdUrl, embedded: false },
    dialect: 'envelope',
    readings: [],
    profilesClaimed: profiles(),
    suiteDigest: 'suites',
    ...(shard ? { shard } : {}),
    scenarios: results,
    requirements: requirementResults(spec.requirements, results, profiles()),
  };
}

const verdicts = (run: RunResult) =>
  run.requirements.map((r) => `${r.id} ${r.verdict}`).sort((a, b) => (a < b ? -1 : 1));

describe('cleanup after a whole run', () => {
  it('leaves no live interaction; what waits in a queue or workbin is reported as left', async () => {
    const server = await startReferenceServer({ port: 0 });
    try {
      singleRun = await runOn(server, scenarios, poolOf(server), 4);
      expect(describeFailures(singleRun)).toEqual([]);
      const left = (await controlListing(server)).filter(
        (ix) => ix.state !== 'Completed' && ix.state !== 'Revoked',
      );
      expect(left.filter((ix) => LIVE.has(ix.state))).toEqual([]);
      const reported = singleRun.flatMap((r) => r.leftovers ?? []);
      // Everything still on the server is reported by the scenario that created it, with its state.
      expect(reported.map((l) => `${l.id} ${l.state}`).sort()).toEqual(
        left.map((ix) => `${ix.id} ${ix.state}`).sort(),
      );
      expect(new Set(reported.map((l) => l.state))).toEqual(new Set(['Queued', 'InWorkbin']));
    } finally {
      await server.close();
    }
  }, 240_000);
});

describe('three shards at once against one server', () => {
  it('never share an agent, report no false failure, and merge to the single run verdicts', async () => {
    const server = await startReferenceServer({ port: 0 });
    try {
      const pool = poolOf(server);
      const shards = [1, 2, 3].map((index) => ({ index, count: 3 }));
      const slices = shards.map((shard) => shardActors(pool, shard));
      const names = slices.map((s) => s.agent.map((c) => c.username));
      expect(new Set(names.flat()).size).toBe(names.flat().length);
      for (const [i, shard] of shards.entries())
        checkShardActors(shardScenarios(scenarios, shard), shard, pool, slices[i] as PoolByRole);
      // The shards at the same time; then the exclusive scenarios (0/3) alone, with the whole pool.
      const parallel = await Promise.all(
        shards.map((shard, i) => runOn(server, shardScenarios(scenarios, shard), slices[i] as PoolByRole, 2)),
      );
      const exclusive = { index: 0, count: 3 };
      const alone = await runOn(
        server,
        shardScenarios(scenarios, exclusive),
        shardActors(pool, exclusive),
        2,
      );
      const all = [...parallel.flat(), ...alone];
      expect(describeFailures(all)).toEqual([]);
      expect(all.map((r) => r.scenarioId).sort()).toEqual(scenarios.map((s) => s.id).sort());
      const merged = mergeRuns([
        ...parallel.map((r, i) => runResult(r, server, shards[i])),
        runResult(alone, server, exclusive),
      ]);
      expect(singleRun.length).toBe(scenarios.length);
      expect(verdicts(merged)).toEqual(verdicts(runResult(singleRun, server)));
      const live = (await controlListing(server)).filter((ix) => LIVE.has(ix.state));
      expect(live).toEqual([]);
    } finally {
      await server.close();
    }
  }, 240_000);
});
