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
      }
    }
  }
  applyEnv(config, env, problems);
  applyFlags(config, opts.flags ?? {}, problems);
  return { config, problems };
}
