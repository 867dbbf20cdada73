import { Pool } from 'undici';

/** One keep-alive undici `Pool` per origin, shared by every actor of a run. */
export class HttpPools {
  readonly #pools = new Map<string, Pool>();

  get(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      // No connection cap: CometD long polls hold connections and must not starve plain requests.
      pool = new Pool(origin, { keepAliveTimeout: 10_000, connect: { timeout: 10_000 } });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    // destroy(): closing politely would wait for long polls that are still parked on the server.
    await Promise.allSettled(pools.map((p) => p.destroy()));
  }
}
