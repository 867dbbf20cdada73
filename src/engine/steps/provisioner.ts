import { spawn } from 'node:child_process';
import type { ProvisionerConfig } from '../config/types.js';
import type { HttpPools } from '../http/index.js';
import type { CreateRequest, Provisioner } from './context.js';

export class ProvisionError extends Error {
  readonly code: 'E_PROVISION_HTTP' | 'E_PROVISION_COMMAND' | 'E_PROVISION_NONE' | 'E_PROVISION_TIMEOUT';
  constructor(code: ProvisionError['code'], message: string) {
    super(message);
    this.name = 'ProvisionError';
    this.code = code;
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
    throw new ProvisionError('E_PROVISION_NONE', 'no provisioner is configured');
  };
  return { kind: 'none', reset: none, create: none };
}

function httpProvisioner(pools: HttpPools, controlUrl: string, timeoutMs: number): Provisioner {
  const base = controlUrl.replace(/\/+$/, '');
  const post = async (path: string, body: unknown, want: number): Promise<unknown> => {
    const url = new URL(`${base}${path}`);
    try {
      const res = await pools.get(url.origin).request({
        method: 'POST',
        path: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.body.text();
      if (res.statusCode !== want) {
        throw new ProvisionError(
          'E_PROVISION_HTTP',
          `POST ${url.pathname} answered ${res.statusCode}: ${text.slice(0, 200)}`,
        );
      }
      return text === '' ? undefined : JSON.parse(text);
    } catch (err) {
      if (err instanceof ProvisionError) throw err;
      throw new ProvisionError('E_PROVISION_HTTP', `POST ${url.pathname} failed: ${(err as Error).message}`);
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
        throw new ProvisionError('E_PROVISION_HTTP', 'POST /interactions answered without an id');
      }
      return { id: body.id };
    },
  };
}

/** Runs the command with the request as JSON on stdin; the new id (or `{"id":…}`) is read from stdout. */
function commandProvisioner(command: string[], timeoutMs: number): Provisioner {
  const invoke = (input: unknown): Promise<string> =>
    new Promise((resolve, reject) => {
      const [file, ...args] = command;
      if (!file) {
        reject(new ProvisionError('E_PROVISION_COMMAND', 'the provisioner command is empty'));
        return;
      }
      const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new ProvisionError('E_PROVISION_TIMEOUT', `${file} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new ProvisionError('E_PROVISION_COMMAND', `${file}: ${err.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(stdout.trim());
        else
          reject(
            new ProvisionError(
              'E_PROVISION_COMMAND',
              `${file} exited ${code}: ${stderr.trim().slice(0, 200)}`,
            ),
          );
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
      const id = out.startsWith('{') ? (JSON.parse(out) as { id?: unknown }).id : out.split('\n').pop();
      if (typeof id !== 'string' || id === '') {
        throw new ProvisionError('E_PROVISION_COMMAND', 'the provisioner printed no id');
      }
      return { id };
    },
  };
}
