import type { ProgressStream } from '../../reporters/progress.js';
import { type ConfigFlags, type HarnessConfig, loadConfig } from '../engine/config/index.js';
import { formatProblem, type LoadProblem, loadSuites } from '../engine/load/index.js';
import { type Declared, loadDeclaredReadings } from '../engine/readings/declared.js';
import type { Suite } from '../model/index.js';
import { loadSpec, type Spec } from '../spec/index.js';

/** Where a command writes: stdout for results, stderr for problems. Tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Where live progress goes (a terminal gets one updating line); absent: no progress display. */
  progress?: ProgressStream;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: process.stderr,
};

export interface LoadedProject {
  config: HarnessConfig;
  spec: Spec;
  suites: Suite[];
  problems: LoadProblem[];
  /** The readings declared for the target (`readings:` / `--readings`), when any. */
  declared?: Declared;
}

/** Config, spec and suites, with every problem found; `undefined` when the spec itself cannot load. */
export async function loadProject(
  files: string[],
  configFile: string | undefined,
  io: CliIo,
  flags: ConfigFlags = {},
): Promise<LoadedProject | undefined> {
  const { config, problems } = loadConfig({
    ...(configFile !== undefined ? { file: configFile } : {}),
    flags,
    env: process.env,
  });
  let spec: Spec;
  try {
    spec = loadSpec();
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'IC_E_SPEC';
    io.err(`error: the spec could not be loaded (${code}): ${(error as Error).message}`);
    return undefined;
  }
  const loaded = await loadSuites(files.length > 0 ? files : config.suites, {
    spec,
    names: Object.keys(config.names),
    messageTimeoutMs: config.timeouts.messageMs,
    quietMs: config.timeouts.quietMs,
    settleMs: config.timeouts.settleMs,
  });
  const readings = loadDeclaredReadings(config.readings, spec.readings);
  return {
    config,
    spec,
    suites: loaded.suites,
    problems: [...problems, ...readings.problems, ...loaded.problems],
    ...(readings.declared ? { declared: readings.declared } : {}),
  };
}

export function printProblems(problems: LoadProblem[], io: CliIo): void {
  for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
}

/**
 * Parses a command's arguments. On bad usage it prints the error and the help (exit 2), on `--help`
 * the help (exit 0), and returns that exit code instead of the parsed arguments.
 */
export function parseCommand<T extends { values: { help?: boolean | undefined } }>(
  parse: () => T,
  help: string,
  io: CliIo,
  prefix = 'error',
): T | number {
  let parsed: T;
  try {
    parsed = parse();
  } catch (error) {
    io.err(`${prefix}: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(help);
    return 0;
  }
  return parsed;
}
