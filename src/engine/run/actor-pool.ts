import type { ActorRole, ActorSpec } from '../../model/index.js';
import type { Credential } from '../config/types.js';
import { HarnessError } from '../errors.js';

export type PoolByRole = Record<ActorRole, Credential[]>;

/** The pool cannot lease what a scenario needs: the configuration's side, not the target's. */
export class ActorPoolError extends HarnessError {
  constructor(message: string) {
    super('IC_E_ACTOR_POOL', message);
    this.name = 'ActorPoolError';
  }
}

export interface Lease {
  /** Scenario actor name → the leased credential. */
  actors: Map<string, Credential>;
  release(): void;
}

const ROLES = ['agent', 'admin', 'norole'] as const;

type Counts = Record<ActorRole, number>;

interface Waiter {
  specs: ActorSpec[];
  need: Counts;
  exclusive: boolean;
  /** How often a later waiter took users of a role this one lacked. */
  passes: number;
  grant(lease: Lease): void;
}

/**
 * How often a waiter may be passed over before the users it needs are held for it. Small, because
 * holding costs little (at most its own users idle until the rest come back), and a scenario that
 * needs several agents would otherwise wait until the single-agent ones behind it run out.
 */
export const MAX_PASSES = 8;

/**
 * Leases pooled users to scenarios exclusively, so concurrent scenarios never share an actor (nor
 * see each other's notifications), and at most `maxLeases` at once.
 *
 * Grants go in queue order, but a waiter whose users are free starts before an earlier one that
 * must wait for others (backfill: an admin scenario waiting for the one admin does not hold up the
 * agents' scenarios behind it). Two limits: an exclusive waiter is never passed (it waits until
 * nothing runs, and everything queued behind it waits with it); and a waiter passed over
 * `MAX_PASSES` times (a later waiter took users of a role it lacked) has the free users it needs
 * held for it: later waiters get only the rest. So it waits at most for the leases running then
 * and for the waiters ahead of it, each bounded by the scenario timeout; the scenarios of a run are
 * finite and queue at its start.
 */
export class ActorPool {
  readonly #free: PoolByRole;
  readonly #sizes: Counts;
  readonly #maxLeases: number;
  readonly #queue: Waiter[] = [];
  #running = 0;
  #exclusiveRunning = false;

  /** `maxLeases`: leases held at once (the configured concurrency); absent: only the users bound it. */
  constructor(pool: PoolByRole, maxLeases = Number.POSITIVE_INFINITY) {
    this.#free = { agent: [...pool.agent], admin: [...pool.admin], norole: [...pool.norole] };
    this.#sizes = { agent: pool.agent.length, admin: pool.admin.length, norole: pool.norole.length };
    this.#maxLeases = Math.max(1, maxLeases);
  }

  /** Throws `IC_E_ACTOR_POOL` at once when the pool can never satisfy the request. */
  lease(specs: ActorSpec[], exclusive: boolean): Promise<Lease> {
    const need = countRoles(specs);
    for (const role of ROLES) {
      if (need[role] > this.#sizes[role]) {
        return Promise.reject(
          new ActorPoolError(
            `the scenario needs ${need[role]} ${role} user(s); the pool has ${this.#sizes[role]}`,
          ),
        );
      }
    }
    return new Promise((grant) => {
      this.#queue.push({ specs, need, exclusive, passes: 0, grant });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    // Free users not held for a waiter passed over too often.
    const available: Counts = {
      agent: this.#free.agent.length,
      admin: this.#free.admin.length,
      norole: this.#free.norole.length,
    };
    // Waiters skipped in this pass, with the roles each lacked.
    const skipped: Array<{ waiter: Waiter; lacks: ActorRole[] }> = [];
    for (let i = 0; i < this.#queue.length; ) {
      if (this.#exclusiveRunning || this.#running >= this.#maxLeases) return;
      const waiter = this.#queue[i] as Waiter;
      const lacks = ROLES.filter((role) => waiter.need[role] > available[role]);
      if (waiter.exclusive) {
        if (this.#running === 0 && lacks.length === 0) {
          this.#queue.splice(i, 1);
          waiter.grant(this.#take(waiter));
        }
        return;
      }
      if (lacks.length > 0) {
        if (waiter.passes >= MAX_PASSES) {
          for (const role of ROLES) available[role] = Math.max(0, available[role] - waiter.need[role]);
        }
        skipped.push({ waiter, lacks });
        i++;
        continue;
      }
      for (const role of ROLES) available[role] -= waiter.need[role];
      for (const s of skipped) if (s.lacks.some((role) => waiter.need[role] > 0)) s.waiter.passes++;
      this.#queue.splice(i, 1);
      waiter.grant(this.#take(waiter));
    }
  }

  #take(waiter: Waiter): Lease {
    const actors = new Map<string, Credential>();
    const taken: Array<[ActorRole, Credential]> = [];
    for (const spec of waiter.specs) {
      const credential = this.#free[spec.role].shift() as Credential;
      actors.set(spec.name, credential);
      taken.push([spec.role, credential]);
    }
    this.#running++;
    if (waiter.exclusive) this.#exclusiveRunning = true;
    let released = false;
    return {
      actors,
      release: () => {
        if (released) return;
        released = true;
        for (const [role, credential] of taken) this.#free[role].push(credential);
        this.#running--;
        if (waiter.exclusive) this.#exclusiveRunning = false;
        this.#dispatch();
      },
    };
  }
}

function countRoles(specs: ActorSpec[]): Counts {
  const counts: Counts = { agent: 0, admin: 0, norole: 0 };
  for (const spec of specs) counts[spec.role]++;
  return counts;
}
