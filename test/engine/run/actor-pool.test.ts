import { describe, expect, it } from 'vitest';
import { ActorPool, type Lease, MAX_PASSES } from '../../../src/engine/run/actor-pool.js';
import type { ActorSpec } from '../../../src/model/index.js';
import { agent } from '../../helpers/scenario.js';

const cred = (u: string) => ({ username: u, password: 'p', userId: u });
const agents = (n: number) => Array.from({ length: n }, (_, i) => cred(`a${i + 1}`));
const admin = (name: string): ActorSpec => ({ name, role: 'admin', cometd: true });
const norole = (name: string): ActorSpec => ({ name, role: 'norole', cometd: true });
const oneAgent = () => [agent('alice')];

/** Lets granted leases' promises settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A lease request whose grant can be looked at without awaiting it. */
function request(pool: ActorPool, specs: ActorSpec[], exclusive = false) {
  const state: { lease?: Lease } = {};
  void pool.lease(specs, exclusive).then((lease) => {
    state.lease = lease;
  });
  return {
    get granted() {
      return state.lease !== undefined;
    },
    release: () => (state.lease as Lease).release(),
  };
}

describe('actor pool', () => {
  it('leases actors exclusively and makes the next scenario wait for a release', async () => {
    const pool = new ActorPool({ agent: [cred('a1'), cred('a2')], admin: [], norole: [] });
    const first = await pool.lease([agent('alice'), agent('bob')], false);
    let secondGranted = false;
    const second = pool.lease([agent('alice')], false).then((l) => {
      secondGranted = true;
      return l;
    });
    await Promise.resolve();
    expect(secondGranted).toBe(false);
    const users = [...first.actors.values()].map((c) => c.username).sort();
    expect(users).toEqual(['a1', 'a2']);
    first.release();
    expect((await second).actors.size).toBe(1);
  });

  it('runs an exclusive lease alone', async () => {
    const pool = new ActorPool({ agent: [cred('a1'), cred('a2'), cred('a3')], admin: [], norole: [] });
    const running = await pool.lease([agent('alice')], false);
    let exclusiveGranted = false;
    const exclusive = pool.lease([agent('alice')], true).then((l) => {
      exclusiveGranted = true;
      return l;
    });
    await Promise.resolve();
    expect(exclusiveGranted).toBe(false);
    running.release();
    const lease = await exclusive;
    let otherGranted = false;
    void pool.lease([agent('bob')], false).then(() => {
      otherGranted = true;
    });
    await Promise.resolve();
    expect(otherGranted).toBe(false);
    lease.release();
    await Promise.resolve();
    expect(otherGranted).toBe(true);
  });

  it('starts a waiter whose users are free before an earlier one that waits for the admin', async () => {
    const pool = new ActorPool({ agent: agents(3), admin: [cred('boss')], norole: [] });
    const holder = request(pool, [admin('boss'), agent('a')]);
    const adminWaiter = request(pool, [admin('boss'), agent('a')]);
    const agentsOnly = request(pool, [agent('a'), agent('b')]);
    await settle();
    expect([holder.granted, adminWaiter.granted, agentsOnly.granted]).toEqual([true, false, true]);
    holder.release();
    await settle();
    expect(adminWaiter.granted).toBe(true);
  });

  it('never passes a waiting exclusive lease, even when the later waiter’s users are free', async () => {
    const pool = new ActorPool({ agent: agents(3), admin: [cred('boss')], norole: [] });
    const running = request(pool, [admin('boss'), agent('a')]);
    const blocked = request(pool, [admin('boss'), agent('a')]);
    const exclusive = request(pool, oneAgent(), true);
    const later = request(pool, oneAgent());
    await settle();
    expect([running.granted, blocked.granted, exclusive.granted, later.granted]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    running.release();
    await settle();
    // The exclusive one waits for nothing to run; the admin waiter ahead of it started first.
    expect([blocked.granted, exclusive.granted, later.granted]).toEqual([true, false, false]);
    blocked.release();
    await settle();
    expect([exclusive.granted, later.granted]).toEqual([true, false]);
    exclusive.release();
    await settle();
    expect(later.granted).toBe(true);
  });

  it(`lets later waiters pass one that needs several agents at most ${MAX_PASSES} times`, async () => {
    const pool = new ActorPool({ agent: agents(3), admin: [], norole: [] });
    const running = [request(pool, oneAgent()), request(pool, oneAgent()), request(pool, oneAgent())];
    const big = request(pool, [agent('a'), agent('b'), agent('c')]);
    const small = Array.from({ length: 3 * MAX_PASSES }, () => request(pool, oneAgent()));
    await settle();
    const startedBefore = new Set<(typeof small)[number]>();
    // A stream of single-agent scenarios: each one that ends frees an agent.
    while (!big.granted) {
      const done = running.shift();
      expect(done, 'the big waiter was never granted').toBeDefined();
      done?.release();
      await settle();
      for (const s of small) {
        if (!s.granted || startedBefore.has(s)) continue;
        startedBefore.add(s);
        running.push(s);
      }
    }
    expect(startedBefore.size).toBeGreaterThan(0);
    expect(startedBefore.size).toBeLessThanOrEqual(MAX_PASSES);
  });

  it('holds at most maxLeases leases at once, whatever users are free', async () => {
    const pool = new ActorPool({ agent: agents(3), admin: [], norole: [] }, 2);
    const leases = [request(pool, oneAgent()), request(pool, oneAgent()), request(pool, oneAgent())];
    await settle();
    expect(leases.map((l) => l.granted)).toEqual([true, true, false]);
    leases[0]?.release();
    await settle();
    expect(leases[2]?.granted).toBe(true);
  });

  it('never leases one credential twice at once, nor beyond the cap, and grants every request', async () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const cap = 3;
    const pool = new ActorPool({ agent: agents(4), admin: [cred('boss')], norole: [cred('nobody')] }, cap);
    const held = new Set<string>();
    const running: Array<{ release(): void; exclusive: boolean }> = [];
    const violations: string[] = [];
    let granted = 0;
    const ask = () => {
      const specs = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, k) => agent(`a${k}`));
      if (random() < 0.15) specs.push(admin('boss'));
      if (random() < 0.15) specs.push(norole('nobody'));
      const exclusive = random() < 0.03;
      void pool.lease(specs, exclusive).then((lease) => {
        granted++;
        const users = [...lease.actors.values()].map((c) => c.username);
        for (const user of users) if (held.has(user)) violations.push(`${user} leased twice`);
        for (const user of users) held.add(user);
        running.push({
          exclusive,
          release: () => {
            for (const user of users) held.delete(user);
            lease.release();
          },
        });
        if (running.length > cap) violations.push(`${running.length} leases at once`);
        if (running.length > 1 && running.some((r) => r.exclusive))
          violations.push('an exclusive lease not alone');
      });
    };
    // Most requests queue at the start, as in a run; the rest arrive while leases end.
    const total = 300;
    let asked = 0;
    for (; asked < 200; asked++) ask();
    await settle();
    while (running.length > 0) {
      const [done] = running.splice(Math.floor(random() * running.length), 1);
      done?.release();
      if (asked < total && random() < 0.7) {
        ask();
        asked++;
      }
      await settle();
    }
    expect(violations).toEqual([]);
    expect([asked, granted]).toEqual([total, total]);
  });

  it('refuses at once a scenario the pool can never serve', async () => {
    const pool = new ActorPool({ agent: [cred('a1')], admin: [], norole: [] });
    await expect(pool.lease([agent('alice'), agent('bob')], false)).rejects.toMatchObject({
      code: 'IC_E_ACTOR_POOL',
    });
  });
});
