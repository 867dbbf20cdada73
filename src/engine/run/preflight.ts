import { request } from 'undici';
import { HarnessError } from '../errors.js';
import { classifyTransportError } from '../http/index.js';
import { noAnswer } from './preflight/words.js';

/**
 * One unauthenticated GET: any HTTP answer (even 401 or 404) proves the target is there. The run now
 * uses the fuller setup check (`./preflight/index.ts`, also the `doctor` command), whose first check
 * covers this one; this stays for callers that only want reachability.
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
    // In words (`no answer within 10 s`), never a DOMException's bare numeric code such as `(23)`.
    const failure = classifyTransportError(err, timeoutMs);
    throw new HarnessError(
      'IC_E_TARGET_UNREACHABLE',
      `the target does not answer: ${noAnswer(`GET ${url}`, failure, timeoutMs)}; check --target and that the server is running`,
      { url },
      { cause: err },
    );
  }
}
