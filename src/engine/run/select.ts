import type { Profile, Scenario } from '../../model/index.js';
import type { HarnessConfig } from '../config/types.js';

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

/**
 * Shard `index` of `count` (1-based): round-robin over the scenarios sorted by id, so every shard
 * gets a similar mix and the slices are stable from one machine to the next.
 */
export function shardScenarios(
  sorted: Scenario[],
  shard: { index: number; count: number } | undefined,
): Scenario[] {
  if (!shard || shard.count <= 1) return sorted;
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
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
