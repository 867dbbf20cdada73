import { parseArgs } from 'node:util';
import type { ConfigFlags } from '../engine/config/index.js';
import { formatCheck, runPreflight } from '../engine/run/preflight/index.js';
import { selectScenarios, shardScenarios } from '../engine/run/select.js';
import { startReferenceServer } from '../server/index.js';
import { type CliIo, loadProject, parseCommand, printProblems, processIo } from './project.js';

export const DOCTOR_HELP = `Usage: interactions-conformance doctor [options]

Checks the setup before a run, without running any scenario: the base URL answers like the
Interactions API, every configured user logs in over HTTP, every agent opens a CometD session (when
a selected scenario opens one), the provisioner creates an interaction (and the check ends it again), the roles look as configured, and
(with --shard) the agent pool is large enough. One line per check; one FAIL line per problem, naming
the user, URL or setting to fix. "run" performs the same checks first (the CometD sessions of 4
agents only) and refuses to start on a FAIL.
Without --target (and no target.baseUrl), checks the embedded reference server.

Options:
  --target URL          the API base, e.g. http://host:8090/api/v2
  --config FILE         configuration file (default ./harness.config.yaml, else the bundled one)
  --suite PATH          suite file or folder (repeatable), for the pool-size and CometD checks
  --tag T               only scenarios with this tag (repeatable), for the pool-size check
  --profile P           only scenarios of this profile (repeatable), for the pool-size check
  --requirement ID      only scenarios covering this requirement (repeatable)
  --scenario ID         only this scenario (repeatable)
  --shard i/n           warn when the agent pool is smaller than a scenario needs
  -h, --help            this text

Exit codes: 0 every check passed (warnings allowed), 2 a problem in the setup, the configuration or
the suites.`;

const OPTIONS = {
  target: { type: 'string' },
  config: { type: 'string' },
  suite: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  requirement: { type: 'string', multiple: true },
  scenario: { type: 'string', multiple: true },
  shard: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `doctor`: 0 when every check passes, 2 otherwise. */
export async function doctorCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCommand(
    () => parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }),
    DOCTOR_HELP,
    io,
    'doctor',
  );
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const flags: ConfigFlags = {};
  if (v.target !== undefined) flags.target = v.target;
  if (v.suite !== undefined) flags.suites = v.suite;
  if (v.tag !== undefined) flags.tags = v.tag;
  if (v.profile !== undefined) flags.filterProfiles = v.profile;
  if (v.requirement !== undefined) flags.requirements = v.requirement;
  if (v.scenario !== undefined) flags.scenarios = v.scenario;
  if (v.shard !== undefined) flags.shard = v.shard;

  const project = await loadProject(v.suite ?? [], v.config, io, flags);
  if (!project) return 2;
  const { config, suites, problems } = project;
  if (problems.length > 0) {
    printProblems(problems, io);
    io.err(`doctor: ${problems.length} problem(s) in the configuration or the suites`);
    return 2;
  }
  const scenarios = shardScenarios(
    selectScenarios(
      suites.flatMap((s) => s.scenarios),
      config.filters,
    ),
    config.shard,
  );

  const embedded =
    config.target.baseUrl === undefined
      ? await startReferenceServer({
          port: 0,
          dialect: config.dialect,
          csrf: config.target.embedded.csrf,
          faults: config.target.embedded.faults,
        })
      : undefined;
  try {
    const baseUrl = (embedded?.baseUrl ?? config.target.baseUrl ?? '').replace(/\/+$/, '');
    const cometdUrl = embedded?.cometdUrl ?? config.target.cometdUrl ?? `${baseUrl}/notifications`;
    const prov = config.provisioner.kind === 'http' ? config.provisioner : undefined;
    const controlUrl =
      embedded?.controlUrl ??
      `${(prov?.baseUrl ?? new URL(baseUrl).origin).replace(/\/+$/, '')}${prov?.prefix ?? ''}`;
    io.out(`target: ${baseUrl}${embedded ? ' (embedded reference server)' : ''}`);
    const report = await runPreflight({ config, baseUrl, cometdUrl, controlUrl, scenarios });
    for (const c of report.checks) io.out(formatCheck(c));
    if (report.problems.length > 0) {
      io.err(`doctor: ${report.problems.length} problem(s) in the setup`);
      return 2;
    }
    return 0;
  } finally {
    await embedded?.close();
  }
}
