import { parseArgs } from 'node:util';
import type { Scenario } from '../model/index.js';
import { type CliIo, loadProject, parseCommand, printProblems, processIo } from './project.js';

const HELP = `Usage: interactions-conformance list [files or folders…] [--requirements] [--tag T] [--profile P] [--config FILE]

Lists the scenarios with the requirements they cover, or with --requirements the requirement
catalogue with the scenarios covering each (uncovered ones marked). --tag and --profile may repeat.

Exit codes: 0 listed, 2 problems in the config or the suites, or bad usage.`;

/** `list [--requirements] [--tag T] [--profile P]`. */
export async function listCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCommand(() => parse(argv), HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const project = await loadProject(positionals, values.config, io);
  if (!project) return 2;
  if (project.problems.length > 0) {
    printProblems(project.problems, io);
    return 2;
  }
  const tags = values.tag ?? [];
  const profiles = values.profile ?? [];
  const scenarios = project.suites
    .flatMap((s) => s.scenarios)
    .filter((s) => tags.length === 0 || s.tags.some((t) => tags.includes(t)))
    .filter((s) => profiles.length === 0 || profiles.includes(s.profile));

  if (values.requirements) {
    const covering = coverage(scenarios);
    const catalogue = project.spec.requirements.filter(
      (r) => profiles.length === 0 || profiles.includes(r.profile),
    );
    for (const r of catalogue) {
      const ids = covering.get(r.id) ?? [];
      io.out(
        `${r.id.padEnd(16)} ${r.level.padEnd(6)} ${r.profile.padEnd(9)} ${ids.length > 0 ? ids.join(', ') : '(not covered)'}`,
      );
    }
    const covered = catalogue.filter((r) => (covering.get(r.id) ?? []).length > 0).length;
    io.out(`${covered} of ${catalogue.length} requirements covered by ${scenarios.length} scenarios`);
    return 0;
  }
  for (const s of scenarios) {
    const tagText = s.tags.length > 0 ? ` [${s.tags.join(', ')}]` : '';
    io.out(`${s.id}  (${s.profile}${tagText})  ${s.title}`);
    io.out(`    ${allRequirements(s).join(', ')}  — ${s.file}:${s.pos.line}`);
  }
  io.out(`${scenarios.length} scenarios`);
  return 0;
}

/** The scenario's requirements and its steps' own, without repeats. */
function allRequirements(s: Scenario): string[] {
  return [...new Set([...s.requirements, ...s.steps.flatMap((step) => step.requirements)])];
}

function coverage(scenarios: Scenario[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of scenarios) for (const id of allRequirements(s)) map.set(id, [...(map.get(id) ?? []), s.id]);
  return map;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      requirements: { type: 'boolean' },
      tag: { type: 'string', multiple: true },
      profile: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
