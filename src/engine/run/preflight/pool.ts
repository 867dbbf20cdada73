import type { Scenario } from '../../../model/index.js';
import type { HarnessConfig } from '../../config/types.js';
import { ok, type PreflightCheck, skip, warn } from './types.js';

/**
 * Check 6 (a warning only): with `--shard`, a shard's scenarios must still find enough agents. Counts
 * the agents the largest selected scenario declares against the configured pool.
 */
export function poolCheck(
  config: HarnessConfig,
  scenarios: Scenario[] | undefined,
): PreflightCheck | undefined {
  if (!config.shard) return undefined;
  if (!scenarios) return skip('agent pool size: no scenarios were given to compare with');
  let largest: { id: string; agents: number } | undefined;
  for (const s of scenarios) {
    const agents = s.actors.filter((a) => a.role === 'agent').length;
    if (!largest || agents > largest.agents) largest = { id: s.id, agents };
  }
  const pool = config.actors.agents.length;
  if (!largest || largest.agents <= pool) {
    return ok(
      `the agent pool (${pool}) is enough for every scenario of shard ${config.shard.index}/${config.shard.count}`,
    );
  }
  return warn(
    `the agent pool (${pool} agents under actors.agents) is smaller than scenario ${largest.id} needs (${largest.agents}); add agents, or that scenario cannot run`,
  );
}
