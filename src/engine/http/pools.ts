import { createRequire } from 'node:module';
import type { Dispatcher, Pool } from 'undici';

type RequestFn = (this: Pool, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

/**
 * undici's Pool and its request API, loaded from their own files: those load in ~30 ms, the
 * package's index (every dispatcher, fetch, WebSocket, caches) in ~90 ms, on every run's critical
 * path. undici publishes no `exports` map, so the files are reachable; should a later version move
 * them, the index is the fallback (its Pool has the same `request`).
 */
function loadUndici(): { Pool: typeof Pool; request: RequestFn } {
  const require = createRequire(import.meta.url);
  try {
    const pool = require('undici/lib/dispatcher/pool.js') as unknown;
    const api = require('undici/lib/api/index.js') as { request?: unknown };
    if (typeof pool === 'function' && typeof api.request === 'function')
      return { Pool: pool as typeof Pool, request: api.request as RequestFn };
  } catch {
    // Fall through to the package's index.
  }
  const full = require('undici') as { Pool: typeof Pool };
  return {
    Pool: full.Pool,
    request(options) {
      return this.request(options);
    },
  };
}

const undici = loadUndici();

/** One keep-alive undici `Pool` per origin, shared by every actor of a run. */
export class HttpPools {
  readonly #pools = new Map<string, Pool>();

  get(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      // No connection cap: CometD long polls hold connections and must not starve plain requests.
      pool = new undici.Pool(origin, { keepAliveTimeout: 10_000, connect: { timeout: 10_000 } });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /** An undici request on the origin's pool. */
  request(origin: string, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    return undici.request.call(this.get(origin), options);
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    // destroy(): closing politely would wait for long polls that are still parked on the server.
    await Promise.allSettled(pools.map((p) => p.destroy()));
  }
}
