import type { Scenario } from '../../model/index.js';
import { didYouMean } from '../../model/suggest.js';
import type { HarnessConfig } from '../config/types.js';
import { selectScenarios, shardScenarios } from './select.js';

const hint = (name: string, known: Iterable<string>): string => {
  const text = didYouMean(name, known);
  return text ? `; ${text}` : '';
};

/**
 * Why the filters and the shard select no scenario, as one message naming the filter values (an
 * unknown requirement or scenario id said to be unknown, with a "did you mean"); undefined when they
 * select at least one. A run of nothing must not pass the gate: the caller exits 2 with this.
 */
export function emptySelectionMessage(
  all: Scenario[],
  filters: HarnessConfig['filters'],
  shard: HarnessConfig['shard'],
  requirementIds: readonly string[],
): string | undefined {
  const selected = selectScenarios(all, filters);
  if (selected.length > 0) {
    if (shardScenarios(selected, shard).length > 0) return undefined;
    if (shard?.index === 0)
      return `--shard 0/${shard.count} selects no scenario: the filters leave no exclusive scenario, so this selection needs no shard 0 (report merge does not ask for it)`;
    return `--shard ${shard?.index}/${shard?.count} selects no scenario: the filters leave ${selected.length} scenario(s), fewer than ${shard?.count} shards; use fewer shards`;
  }
  if (all.length === 0) return 'the suites hold no scenario';
  const covered = (s: Scenario) => [...s.requirements, ...s.steps.flatMap((st) => st.requirements)];
  const reasons: string[] = [];
  for (const id of filters.requirements) {
    if (!requirementIds.includes(id))
      reasons.push(`--requirement ${id}: unknown requirement${hint(id, requirementIds)}`);
    else if (!all.some((s) => covered(s).includes(id)))
      reasons.push(`--requirement ${id}: no scenario covers this requirement`);
  }
  const scenarioIds = all.map((s) => s.id);
  for (const id of filters.scenarios)
    if (!scenarioIds.includes(id)) reasons.push(`--scenario ${id}: unknown scenario${hint(id, scenarioIds)}`);
  const tags = [...new Set(all.flatMap((s) => s.tags))];
  for (const tag of filters.tags)
    if (!tags.includes(tag)) reasons.push(`--tag ${tag}: no scenario has this tag${hint(tag, tags)}`);
  for (const profile of filters.profiles)
    if (!all.some((s) => s.profile === profile))
      reasons.push(`--profile ${profile}: no scenario of this profile`);
  // Every value matches something on its own: it is their combination that leaves nothing.
  if (reasons.length === 0) {
    const given = [
      ...filters.tags.map((v) => `--tag ${v}`),
      ...filters.profiles.map((v) => `--profile ${v}`),
      ...filters.requirements.map((v) => `--requirement ${v}`),
      ...filters.scenarios.map((v) => `--scenario ${v}`),
    ];
    reasons.push(`no scenario matches ${given.join(' and ')} together`);
  }
  return `the filters select no scenario: ${reasons.join('; ')}`;
}
