import type { ProvisionerConfig } from '../../config/types.js';
import {
  type ActorHttp,
  classifyTransportError,
  type HttpPools,
  MAX_ANSWER_BYTES,
  readLimited,
} from '../../http/index.js';
import { createProvisioner } from '../../steps/provisioner.js';
import { fail, ok, type PreflightCheck, skip } from './types.js';
import { noAnswer } from './words.js';

export interface ProvisionTry {
  check: PreflightCheck;
  /** The interaction created, to clean up. */
  id?: string;
}

/**
 * Check 4: the provisioner creates an interaction (invited to `agent` when given, so that agent can
 * end it again). http: `POST <controlUrl>/interactions`; command: the command is run.
 */
export async function provisionCheck(
  config: ProvisionerConfig,
  opts: { pools: HttpPools; controlUrl: string; timeoutMs: number; agent?: string },
): Promise<ProvisionTry> {
  const request = { mediaType: 'chat' as const, ...(opts.agent !== undefined ? { agent: opts.agent } : {}) };
  if (config.kind === 'none') {
    return {
      check: skip(
        'provisioner: none is configured; scenarios that create interactions will be not applicable',
      ),
    };
  }
  if (config.kind === 'command') {
    const shown = config.command[0] ?? '';
    try {
      const { id } = await createProvisioner(config, opts).create(request);
      return { check: ok(`the provisioner command ${shown} creates an interaction`), id };
    } catch (err) {
      return {
        check: fail(`the provisioner command failed: ${(err as Error).message}; check provisioner.command`),
      };
    }
  }
  const base = opts.controlUrl.replace(/\/+$/, '');
  const url = new URL(`${base}/interactions`);
  const what = `POST ${url.href}`;
  let status: number;
  let text: string;
  try {
    const res = await opts.pools.request(url.origin, {
      method: 'POST',
      path: url.pathname,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    status = res.statusCode;
    text = await readLimited(res.body, MAX_ANSWER_BYTES);
  } catch (err) {
    const failure = classifyTransportError(err, opts.timeoutMs);
    return {
      check: fail(
        `the provisioner at ${base}: ${noAnswer(what, failure, opts.timeoutMs)}; check provisioner.baseUrl and provisioner.prefix`,
      ),
    };
  }
  if (status === 404) {
    return {
      check: fail(`the provisioner at ${base} answered 404: check provisioner.prefix (now ${config.prefix})`),
    };
  }
  if (status !== 201) {
    return {
      check: fail(
        `the provisioner at ${base} answered ${status} to ${what}: ${text.slice(0, 200)}; check the provisioner settings`,
      ),
    };
  }
  let id: unknown;
  try {
    id = (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || id === '') {
    return { check: fail(`the provisioner at ${base} answered 201 without an id to ${what}`) };
  }
  return { check: ok(`the provisioner creates an interaction (${what})`), id };
}

/**
 * Ends the interaction the check created: the control API has no delete (only a reset of everything),
 * so the invited agent accepts and completes it. Whatever the answers, nothing is said; every request is
 * bounded by the timeout, so nothing hangs.
 */
export async function cleanUp(
  http: ActorHttp,
  baseUrl: string,
  id: string,
  timeoutMs: number,
): Promise<void> {
  const url = `${baseUrl}/me/interactions/${encodeURIComponent(id)}`;
  for (const operationName of ['Accept', 'Complete']) {
    const outcome = await http.send({
      method: 'POST',
      url,
      auth: 'actor',
      body: { operationName },
      timeoutMs,
    });
    if (outcome.exchange.response?.status !== 200) return;
  }
}
