import { spawn } from 'node:child_process';
import type { ProvisionerConfig } from '../config/types.js';
import { HarnessError } from '../errors.js';
import { type HttpPools, MAX_ANSWER_BYTES, readLimited } from '../http/index.js';
import type { CreateRequest, Provisioner } from './context.js';

type ProvisionErrorCode =
  | 'IC_E_PROVISION_HTTP'
  | 'IC_E_PROVISION_COMMAND'
  | 'IC_E_PROVISION_NONE'
  | 'IC_E_PROVISION_TIMEOUT';

/** The provisioner failed or answered something that is not an id: the harness's side, not the target's. */
export class ProvisionError extends HarnessError {
  declare readonly code: ProvisionErrorCode;
  constructor(code: ProvisionErrorCode, message: string) {
    super(code, message);
    this.name = 'ProvisionError';
  }
}

/**
 * The provisioner of the config. `controlUrl` is the control API's base (origin + prefix); for `http`
 * it defaults to the target's origin plus the configured prefix.
 */
export function createProvisioner(
  config: ProvisionerConfig,
  opts: { pools: HttpPools; controlUrl: string; timeoutMs: number },
): Provisioner {
  if (config.kind === 'http') return httpProvisioner(opts.pools, opts.controlUrl, opts.timeoutMs);
  if (config.kind === 'command') return commandProvisioner(config.command, opts.timeoutMs);
  const none = async (): Promise<never> => {
    throw new ProvisionError('IC_E_PROVISION_NONE', 'no provisioner is configured');
  };
  return { kind: 'none', reset: none, create: none };
}

function httpProvisioner(pools: HttpPools, controlUrl: string, timeoutMs: number): Provisioner {
  const base = controlUrl.replace(/\/+$/, '');
  const post = async (path: string, body: unknown, want: number): Promise<unknown> => {
    const url = new URL(`${base}${path}`);
    try {
      const res = await pools.request(url.origin, {
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await readLimited(res.body, MAX_ANSWER_BYTES);
      if (res.statusCode !== want) {
        throw new ProvisionError(
          'IC_E_PROVISION_HTTP',
          `POST ${url.pathname} answered ${res.statusCode}: ${text.slice(0, 200)}`,
        );
      }
      return text === '' ? undefined : JSON.parse(text);
    } catch (err) {
      if (err instanceof ProvisionError) throw err;
      throw new ProvisionError(
        'IC_E_PROVISION_HTTP',
        `POST ${url.pathname} failed: ${(err as Error).message}`,
      );
    }
  };
  return {
    kind: 'http',
    reset: async () => {
      await post('/reset', {}, 204);
    },
    create: async (request: CreateRequest) => {
      const body = (await post('/interactions', request, 201)) as { id?: unknown } | undefined;
      if (typeof body?.id !== 'string') {
        throw new ProvisionError('IC_E_PROVISION_HTTP', 'POST /interactions answered without an id');
      }
      return { id: body.id };
    },
  };
}

/**
 * Runs the command with the request as JSON on stdin; the new id (or `{"id":…}`) is read from stdout.
 * Every way it can go wrong (no such program, a non-zero exit or a signal, no answer within the
 * timeout, output that is not an id) is a `ProvisionError` naming the program.
 */
function commandProvisioner(command: string[], timeoutMs: number): Provisioner {
  // The program alone: its arguments may carry a token, and messages end up in reports.
  const shown = command[0] ?? '';
  const invoke = (input: unknown): Promise<string> =>
    new Promise((resolve, reject) => {
      const [file, ...args] = command;
      if (!file) {
        reject(new ProvisionError('IC_E_PROVISION_COMMAND', 'the provisioner command is empty'));
        return;
      }
      const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        settle(() => {
          child.kill('SIGKILL');
          // A program it started may still hold the pipes open; let go of them so nothing waits on it.
          child.stdout.destroy();
          child.stderr.destroy();
          reject(
            new ProvisionError('IC_E_PROVISION_TIMEOUT', `${shown} did not finish within ${timeoutMs} ms`),
          );
        });
      }, timeoutMs);
      // A provisioner prints one id; whatever it prints beyond the cap is dropped, not held in memory.
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        if (stdout.length < MAX_ANSWER_BYTES) stdout += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        if (stderr.length < MAX_ANSWER_BYTES) stderr += d;
      });
      child.on('error', (err) => {
        settle(() => reject(new ProvisionError('IC_E_PROVISION_COMMAND', `${shown}: ${err.message}`)));
      });
      child.on('close', (code, signal) => {
        settle(() => {
          if (code === 0) {
            resolve(stdout.trim());
            return;
          }
          const how = code === null ? `was ended by signal ${signal ?? 'unknown'}` : `exited ${code}`;
          const said = stderr.trim().slice(0, 200);
          reject(
            new ProvisionError(
              'IC_E_PROVISION_COMMAND',
              `${shown} ${how}: ${said === '' ? '(nothing on stderr)' : said}`,
            ),
          );
        });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(JSON.stringify(input));
    });
  return {
    kind: 'command',
    reset: async () => {
      await invoke({ action: 'reset' });
    },
    create: async (request: CreateRequest) => {
      const out = await invoke({ action: 'create', ...request });
      return { id: idFromOutput(out, shown) };
    },
  };
}

/** An id goes into request paths: one word, no spaces, no `/ ? #`. */
const ID = /^[^\s/?#]{1,256}$/;

/** The id a provisioner command printed: a JSON object `{"id":…}`, else the last line of its output. */
function idFromOutput(out: string, shown: string): string {
  if (out === '') throw new ProvisionError('IC_E_PROVISION_COMMAND', `${shown} printed no id`);
  const printed = JSON.stringify(out.length > 120 ? `${out.slice(0, 120)}…` : out);
  let id: unknown;
  if (out.startsWith('{')) {
    try {
      id = (JSON.parse(out) as { id?: unknown }).id;
    } catch {
      throw new ProvisionError(
        'IC_E_PROVISION_COMMAND',
        `${shown} printed ${printed}, which is not valid JSON`,
      );
    }
  } else {
    id = out.split('\n').pop()?.trim();
  }
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new ProvisionError(
      'IC_E_PROVISION_COMMAND',
      `${shown} printed ${printed}, which holds no id (one word of at most 256 characters, without spaces, / ? or #)`,
    );
  }
  return id;
}
