import { request } from 'undici';
import { HarnessError } from '../errors.js';

/**
 * One unauthenticated GET before anything runs: any HTTP answer (even 401 or 404) proves the target
 * is there. A refused, reset or silent target stops the run with one clear message instead of every
 * scenario failing with the same transport error.
 */
export async function checkTargetReachable(baseUrl: string, timeoutMs: number): Promise<void> {
  const url = `${baseUrl}/me/interactions`;
  try {
    const res = await request(url, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
  } catch (err) {
    const cause = err as { code?: string; message?: string };
    throw new HarnessError(
      'E_TARGET_UNREACHABLE',
      `the target does not answer: GET ${url} failed (${cause.code ?? cause.message ?? String(err)}); check --target and that the server is running`,
      { url },
      { cause: err },
    );
  }
}
