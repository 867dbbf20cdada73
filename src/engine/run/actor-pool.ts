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

interface Waiter {
  specs: ActorSpec[];
  exclusive: boolean;
  grant(lease: Lease): void;
}

/**
 * Leases pooled users to scenarios exclusively, so concurrent scenarios never share an actor (nor
 * see each other's notifications). An exclusive lease waits until nothing else runs and blocks
 * everything queued behind it; grants are first come, first served.
 */
export class ActorPool {
  readonly #free: PoolByRole;
  readonly #sizes: Record<ActorRole, number>;
  readonly #queue: Waiter[] = [];
  #running = 0;
  #exclusiveRunning = false;

  constructor(pool: PoolByRole) {
    this.#free = { agent: [...pool.agent], admin: [...pool.admin], norole: [...pool.norole] };
    this.#sizes = { agent: pool.agent.length, admin: pool.admin.length, norole: pool.norole.length };
  }

  /** Throws `IC_E_ACTOR_POOL` at once when the pool can never satisfy the request. */
  lease(specs: ActorSpec[], exclusive: boolean): Promise<Lease> {
    for (const role of ['agent', 'admin', 'norole'] as const) {
      const need = specs.filter((s) => s.role === role).length;
      if (need > this.#sizes[role]) {
        return Promise.reject(
          new ActorPoolError(`the scenario needs ${need} ${role} user(s); the pool has ${this.#sizes[role]}`),
        );
      }
    }
    return new Promise((grant) => {
      this.#queue.push({ specs, exclusive, grant });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const next = this.#queue[0] as Waiter;
      if (this.#exclusiveRunning) return;
      if (next.exclusive && this.#running > 0) return;
      if (!this.#fits(next.specs)) return;
      this.#queue.shift();
      next.grant(this.#take(next));
    }
  }

  #fits(specs: ActorSpec[]): boolean {
    return (['agent', 'admin', 'norole'] as const).every(
      (role) => specs.filter((s) => s.role === role).length <= this.#free[role].length,
    );
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
