import { describe, expect, it } from 'vitest';
import {
  checkShardActors,
  notApplicableReason,
  selectScenarios,
  shardActors,
  shardScenarios,
} from '../../../src/engine/run/select.js';
import { agent, http, provision, scenario } from '../../helpers/scenario.js';

const cred = (u: string) => ({ username: u, password: 'p', userId: u });
const filters = { tags: [], profiles: [], requirements: [], scenarios: [] };

describe('scenario selection', () => {
  const all = ['d', 'a', 'c', 'b', 'e'].map((id) =>
    scenario({ id, steps: [], tags: id === 'c' ? ['x'] : [] }),
  );

  it('shards round-robin over the ids in order, each scenario in exactly one shard', () => {
    const sorted = selectScenarios(all, filters);
    const shards = [1, 2].map((index) => shardScenarios(sorted, { index, count: 2 }).map((s) => s.id));
    expect(shards).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
  });

  it('puts the exclusive scenarios in a shard of their own (0/n), run when no other shard runs', () => {
    const mixed = selectScenarios(
      [
        ...all,
        scenario({ id: 'bx', steps: [], exclusive: true }),
        scenario({ id: 'dx', steps: [], exclusive: true }),
      ],
      filters,
    );
    const ids = (index: number) => shardScenarios(mixed, { index, count: 2 }).map((s) => s.id);
    expect([ids(0), ids(1), ids(2)]).toEqual([
      ['bx', 'dx'],
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
    expect(shardScenarios(mixed, undefined)).toHaveLength(7);
    expect(shardScenarios(mixed, { index: 1, count: 1 })).toHaveLength(7);
  });

  it('gives each shard its own agents (index modulo count), every admin, and the whole pool to 0/n', () => {
    const pool = {
      agent: ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map(cred),
      admin: [cred('admin')],
      norole: [cred('norole')],
    };
    const agents = (index: number) => shardActors(pool, { index, count: 3 }).agent.map((c) => c.username);
    expect([agents(1), agents(2), agents(3)]).toEqual([
      ['a0', 'a3', 'a6'],
      ['a1', 'a4'],
      ['a2', 'a5'],
    ]);
    expect(agents(0)).toHaveLength(7);
    expect(shardActors(pool, { index: 2, count: 3 }).admin).toEqual(pool.admin);
    const three = scenario({ id: 'needs-three', steps: [], actors: [agent('a'), agent('b'), agent('c')] });
    const slice = shardActors(pool, { index: 2, count: 3 });
    expect(() => checkShardActors([three], { index: 2, count: 3 }, pool, slice)).toThrow(
      'shard 2/3 gets 2 of 7 agents; scenario needs-three needs 3: add agents or use fewer shards',
    );
    expect(() =>
      checkShardActors([three], { index: 1, count: 3 }, pool, shardActors(pool, { index: 1, count: 3 })),
    ).not.toThrow();
  });

  it('filters by tag and marks unclaimed profiles and unprovisionable scenarios not applicable', () => {
    expect(selectScenarios(all, { ...filters, tags: ['x'] }).map((s) => s.id)).toEqual(['c']);
    const email = scenario({ profile: 'email', steps: [] });
    expect(notApplicableReason(email, ['core'], 'http')).toContain('email');
    const needsProvision = scenario({ steps: [provision({ action: 'reset' }), http({ path: '/x' })] });
    expect(notApplicableReason(needsProvision, ['core'], 'none')).toContain('provision');
    expect(notApplicableReason(needsProvision, ['core'], 'http')).toBeUndefined();
  });
});
