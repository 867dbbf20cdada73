import type { Profile, Scenario } from '../../model/index.js';
import type { HarnessConfig } from '../config/types.js';
import { HarnessError } from '../errors.js';
import type { PoolByRole } from './actor-pool.js';

/** The scenarios the filters keep (an empty filter keeps everything), sorted by id. */
export function selectScenarios(all: Scenario[], filters: HarnessConfig['filters']): Scenario[] {
  const keep = (wanted: string[], has: (w: string) => boolean) => wanted.length === 0 || wanted.some(has);
  return all
    .filter(
      (s) =>
        keep(filters.tags, (t) => s.tags.includes(t)) &&
        keep(filters.profiles, (p) => s.profile === p) &&
        keep(filters.scenarios, (id) => s.id === id) &&
        keep(filters.requirements, (r) =>
          [...s.requirements, ...s.steps.flatMap((st) => st.requirements)].includes(r),
        ),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface Shard {
  index: number;
  count: number;
}

/**
 * Shard `index` of `count` (1-based): round-robin over the non-exclusive scenarios sorted by id, so
 * every shard gets a similar mix and the slices are stable from one machine to the next. Shards run
 * at the same time against one target, and an exclusive scenario's outcome depends on which agents
 * are connected there (a rejected interaction is offered to any connected agent), so the exclusive
 * scenarios form a shard of their own, `0/count`, run when no other shard runs. Without sharding (or
 * `1/1`) everything runs.
 */
export function shardScenarios(sorted: Scenario[], shard: Shard | undefined): Scenario[] {
  if (!shard) return sorted;
  if (shard.index === 0) return sorted.filter((s) => s.exclusive);
  if (shard.count <= 1) return sorted;
  return sorted.filter((s) => !s.exclusive).filter((_, i) => i % shard.count === shard.index - 1);
}

/**
 * The agents shard `index` of `count` may lease: those whose position in the pool is `index - 1`
 * modulo `count`, so shards running at once never share an agent (nor its notifications). Admins and
 * role-less users are never notified: every shard gets them all. The exclusive shard (0) runs alone
 * and gets the whole pool.
 */
export function shardActors(pool: PoolByRole, shard: Shard | undefined): PoolByRole {
  if (!shard || shard.index === 0 || shard.count <= 1) return pool;
  return { ...pool, agent: pool.agent.filter((_, i) => i % shard.count === shard.index - 1) };
}

/**
 * Refuses a sharded run whose slice of agents cannot serve one of its scenarios: a configuration
 * error before anything runs, rather than that scenario erroring.
 */
export function checkShardActors(
  scenarios: Scenario[],
  shard: Shard | undefined,
  pool: PoolByRole,
  slice: PoolByRole,
): void {
  if (!shard || slice.agent.length === pool.agent.length) return;
  for (const s of scenarios) {
    const need = s.actors.filter((a) => a.role === 'agent').length;
    if (need > slice.agent.length) {
      throw new HarnessError(
        'IC_E_SHARD_ACTORS',
        `shard ${shard.index}/${shard.count} gets ${slice.agent.length} of ${pool.agent.length} agents; scenario ${s.id} needs ${need}: add agents or use fewer shards`,
        { shard: `${shard.index}/${shard.count}`, scenario: s.id, need, slice: slice.agent.length },
      );
    }
  }
}

/** Why a scenario cannot be judged against this target, or undefined when it can. */
export function notApplicableReason(
  scenario: Scenario,
  claimed: Profile[],
  provisionerKind: string,
): string | undefined {
  if (!claimed.includes(scenario.profile))
    return `the target does not claim the "${scenario.profile}" profile`;
  if (provisionerKind === 'none' && scenario.steps.some((s) => s.kind === 'provision')) {
    return 'the scenario needs provisioning and no provisioner is configured';
  }
  return undefined;
}
