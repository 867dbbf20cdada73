import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { packageRoot } from '../../spec/paths.js';
import type { LoadProblem } from '../load/problem.js';
import { schemaProblems } from '../load/schema-problems.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { defaultConfig } from './defaults.js';
import { resolveEnvRefs } from './env-refs.js';
import { mergeFile } from './merge-file.js';
import { applyEnv, applyFlags } from './overrides.js';
import type { ConfigFlags, HarnessConfig } from './types.js';

export const CONFIG_FILE_NAME = 'harness.config.yaml';

export interface LoadConfigOptions {
  /** An explicit config file; absent: ./harness.config.yaml, else the package's default. */
  file?: string;
  flags?: ConfigFlags;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface LoadConfigResult {
  config: HarnessConfig;
  problems: LoadProblem[];
}

/**
 * The default wait for an expected notification when the target is on this machine (the embedded
 * server, 127.0.0.1, localhost, ::1): loopback delivers in milliseconds, and a target that never
 * notifies should not hold every scenario for the remote default (`timeouts.messageMs` of the
 * defaults, 5 s). `timeouts.message` in the file sets it for any target.
 */
export const LOOPBACK_MESSAGE_MS = 1_000;

/**
 * The default quiet window of a `no-message` step on a loopback target: a notification there
 * arrives within a few milliseconds of the HTTP answer that caused it, so 200 ms is still a wide
 * margin, and the windows are most of a full run's wall time. A remote target keeps the longer
 * `timeouts.quietMs` of the defaults (500 ms); `timeouts.quiet` in the file sets it for any target.
 */
export const LOOPBACK_QUIET_MS = 200;

/** The embedded server (no base URL) or a base URL on a loopback address. */
export function isLoopback(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return true;
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function chooseFile(opts: LoadConfigOptions, cwd: string): string | undefined {
  if (opts.file !== undefined) return resolve(cwd, opts.file);
  const local = join(cwd, CONFIG_FILE_NAME);
  if (existsSync(local)) return local;
  const bundled = join(packageRoot(), CONFIG_FILE_NAME);
  return existsSync(bundled) ? bundled : undefined;
}

/**
 * The configuration: defaults, then the file (validated against spec/config.schema.json, with
 * `${env:NAME}` resolved), then IC_* environment variables, then flags. Problems carry file:line:col.
 */
export function loadConfig(opts: LoadConfigOptions = {}): LoadConfigResult {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const problems: LoadProblem[] = [];
  let config = defaultConfig();
  config.suites = config.suites.map((s) => resolve(packageRoot(), s));
  const file = chooseFile(opts, cwd);
  let messageSet = false;
  let quietSet = false;
  if (file !== undefined) {
    const rel = relative(cwd, file);
    const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({
        code: 'IC_E_FILE',
        file: shown,
        line: 0,
        col: 0,
        message: `cannot read the config: ${(error as Error).message}`,
      });
    }
    if (text !== undefined) {
      const source = parseYamlSource(shown, text);
      const own = source.problems.length > 0 ? source.problems : schemaProblems(source, 'config.schema.json');
      problems.push(...own);
      if (own.length === 0) {
        const raw = resolveEnvRefs(source.value ?? {}, env, source, problems) as Record<string, unknown>;
        config = mergeFile(config, raw, file);
        const timeouts = raw.timeouts as { message?: unknown; quiet?: unknown } | undefined;
        messageSet = timeouts?.message !== undefined;
        quietSet = timeouts?.quiet !== undefined;
      }
    }
  }
  applyEnv(config, env, problems);
  applyFlags(config, opts.flags ?? {}, problems);
  if (isLoopback(config.target.baseUrl)) {
    if (!messageSet) config.timeouts.messageMs = LOOPBACK_MESSAGE_MS;
    if (!quietSet) config.timeouts.quietMs = LOOPBACK_QUIET_MS;
  }
  return { config, problems };
}
