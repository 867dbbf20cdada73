import { parseArgs } from 'node:util';
import { type CliIo, loadProject, parseCommand, printProblems, processIo } from './project.js';

const HELP = `Usage: interactions-conformance validate [files or folders…] [--config FILE]

Loads the configuration and the suites (default: the config's suites) and checks them without
running anything: YAML syntax, the scenario schema, requirement ids, variant names, actors,
variables and templates, matchers (markers, regexes), fragments and their parameters, readings,
durations. Prints every problem with file:line:col. The bundled fragments are always available.

Exit codes: 0 valid, 2 problems found or bad usage.`;

/** `validate [files…] [--config F]`: 0 when everything loads, 2 on any problem. */
export async function validateCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCommand(() => parse(argv), HELP, io);
  if (typeof parsed === 'number') return parsed;
  const project = await loadProject(parsed.positionals, parsed.values.config, io);
  if (!project) return 2;
  const { suites, problems } = project;
  if (problems.length > 0) {
    printProblems(problems, io);
    const files = new Set(problems.map((p) => p.file)).size;
    io.err(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`,
    );
    return 2;
  }
  const scenarios = suites.reduce((n, s) => n + s.scenarios.length, 0);
  const steps = suites.reduce((n, s) => n + s.scenarios.reduce((m, sc) => m + sc.steps.length, 0), 0);
  io.out(
    `ok: ${plural(suites.length, 'suite file')}, ${plural(scenarios, 'scenario')}, ${plural(steps, 'step')}, no problems`,
  );
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
