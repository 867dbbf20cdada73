import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBaseline, markKnownFailures } from '../../reporters/baseline.js';
import { defaultReportDir, type ReportFormat, writeReports } from '../../reporters/index.js';
import { ProgressReporter } from '../../reporters/progress.js';
import { checkBaseline, formatMs, groupedByWhy, listSome, type Verdict } from '../../reporters/verdict.js';
import type { ConfigFlags } from '../engine/config/index.js';
import { isHarnessError } from '../engine/errors.js';
import { renderObservedReadings } from '../engine/readings/declared.js';
import { emptySelectionMessage } from '../engine/run/empty-selection.js';
import { runConformance, secretsOf } from '../engine/run/index.js';
import type { RunResult } from '../model/index.js';
import { startReferenceServer } from '../server/index.js';
import { packageRoot } from '../spec/index.js';
import { listOption } from './args.js';
import { type CliIo, loadProject, parseCommand, printProblems, processIo } from './project.js';

export const RUN_HELP = `Usage: interactions-conformance run [options]

Runs the suites against a target and writes the compliance reports. Without --target, starts the
embedded reference server on 127.0.0.1 (a free port), runs against it and stops it.

Options:
  --target URL          the API base, e.g. http://host:8090/api/v2
  --config FILE         configuration file (default ./harness.config.yaml, else the bundled one)
  --suite PATH          suite file or folder (repeatable; default: the config's suites)
  --tag T               run only scenarios with this tag (repeatable)
  --profile P           run only scenarios of this profile (repeatable)
  --requirement ID      run only scenarios covering this requirement (repeatable)
  --scenario ID         run only this scenario (repeatable)
  --concurrency N       scenarios at once (bounded by the actor pool)
  --reporter LIST       json,html,junit,markdown,allure
  --report-dir DIR      write the reports exactly here (default reports/<timestamp>/)
  --bail                stop at the first failing scenario
  --dialect D           notification dialect: envelope or flat
  --readings R          the readings the target is expected to choose where the seed is silent:
                        reference (the reference server's), alternate, or a file written by
                        --write-readings. A different observed option fails the gate, naming the
                        point. Default: none declared, every defensible option is accepted.
  --write-readings FILE write the readings observed (spec/readings.yaml points) to FILE
  --strictness S        deprecated: strict = --readings reference, lenient = none declared
  --fail-on LEVELS      which failing levels fail the gate: MUST, or SHOULD (= MUST and SHOULD);
                        case-insensitive (must, MUST, Should), default MUST
  --baseline FILE       known failures that do not fail the gate
  --shard i/n           run the i-th of n deterministic slices of the scenarios
  --fault NAME          embedded server only: switch on a deliberate contract violation (repeatable)
  -h, --help            this text

Readings replaced strict/lenient: where the seed is silent (spec/readings.yaml), every defensible
answer passes and the report's Readings section says which one the target gave; declare readings
to pin them. IC_READINGS sets --readings; IC_STRICTNESS still maps as --strictness does.

Exit codes: 0 conformant, 1 nonconformant (or incomplete: a harness error), 2 usage, config or suite
error, filters that select no scenario, a baseline naming an unknown requirement, or a target that
does not answer.`;

const OPTIONS = {
  target: { type: 'string' },
  config: { type: 'string' },
  suite: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  requirement: { type: 'string', multiple: true },
  scenario: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  reporter: { type: 'string', multiple: true },
  'report-dir': { type: 'string' },
  bail: { type: 'boolean' },
  dialect: { type: 'string' },
  strictness: { type: 'string' },
  readings: { type: 'string' },
  'write-readings': { type: 'string' },
  'fail-on': { type: 'string' },
  baseline: { type: 'string' },
  shard: { type: 'string' },
  fault: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `run`: 0 conformant, 1 nonconformant, 2 usage/config/suite error. */
export async function runCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCommand(() => parseRun(argv), RUN_HELP, io, 'run');
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;

  const project = await loadProject(values.suite ?? [], values.config, io, toFlags(values));
  if (!project) return 2;
  const { config, spec, suites, problems, declared } = project;
  if (config.target.baseUrl !== undefined && config.target.embedded.faults.length > 0) {
    io.err('run: --fault applies to the embedded reference server only; drop --target or --fault');
    return 2;
  }
  if (problems.length > 0) {
    printProblems(problems, io);
    io.err(`run: ${problems.length} problem(s) in the configuration or the suites; nothing was run`);
    return 2;
  }
  let baseline: ReturnType<typeof loadBaseline> | undefined;
  try {
    baseline = config.reports.baseline ? loadBaseline(config.reports.baseline) : undefined;
    if (baseline)
      checkBaseline(
        baseline,
        spec.requirements.map((r) => r.id),
      );
  } catch (err) {
    io.err(`run: ${(err as Error).message}`);
    return 2;
  }
  // A run of nothing is not a conformant run: say which filter left nothing, before touching the target.
  const empty = emptySelectionMessage(
    suites.flatMap((s) => s.scenarios),
    config.filters,
    config.shard,
    spec.requirements.map((r) => r.id),
  );
  if (empty) {
    io.err(`run: ${empty}; nothing was run`);
    return 2;
  }

  // Chosen before the run, so that Allure results (written during it) land in the same folder.
  const reportDir = config.reports.dir ?? defaultReportDir();
  let run: RunResult;
  try {
    run = await runConformance({
      config,
      suites,
      spec,
      harnessVersion: harnessVersion(),
      reportDir,
      ...(declared ? { declaredReadings: declared } : {}),
      onTarget: (t) => io.out(`target: ${t.baseUrl}${t.embedded ? ' (embedded reference server)' : ''}`),
      onPreflightWarning: (text) => io.err(`warning: ${text}`),
      reporters: io.progress ? [new ProgressReporter({ stream: io.progress })] : [],
      startEmbedded: (c) =>
        startReferenceServer({
          port: 0,
          dialect: c.dialect,
          csrf: c.target.embedded.csrf,
          faults: c.target.embedded.faults,
          readings: c.target.embedded.readings,
        }),
    });
  } catch (err) {
    // An unreachable target is a configuration problem, not a verdict on the contract.
    if (isHarnessError(err, 'IC_E_TARGET_UNREACHABLE')) {
      io.err(`run: ${err.message}`);
      return 2;
    }
    // A setup problem found by the preflight (`doctor`): one line each, and nothing was run.
    if (isHarnessError(err, 'IC_E_PREFLIGHT')) {
      for (const line of err.message.split('\n')) io.err(`run: ${line}`);
      io.err(
        'run: the setup check failed, so no scenario was run; "interactions-conformance doctor" repeats it',
      );
      return 2;
    }
    throw err;
  }
  const today = new Date();
  const judged: RunResult = { ...run, requirements: markKnownFailures(run.requirements, baseline, today) };
  // The verdict is computed once, inside writeReports, and the same one decides the exit code.
  const written = await writeReports(judged, {
    dir: reportDir,
    linkLatest: config.reports.dir === undefined,
    formats: config.reports.formats as ReportFormat[],
    secrets: secretsOf(config),
    gate: { failOn: config.reports.failOn, today, ...(baseline ? { baseline } : {}) },
  });
  for (const f of written.failures) io.err(`report ${f.format}: ${f.message}`);
  if (config.writeReadings) {
    try {
      writeFileSync(
        config.writeReadings,
        renderObservedReadings(judged.readings, judged.target.baseUrl, judged.startedAt),
      );
      io.out(`readings written: ${config.writeReadings}`);
    } catch (err) {
      io.err(`run: cannot write the readings to ${config.writeReadings}: ${(err as Error).message}`);
    }
  }
  io.out(summary(judged, written.dir, written.verdict));
  for (const line of readingLines(judged)) io.out(line);
  for (const line of written.verdict.lines) io.out(line);
  return written.verdict.exitCode;
}

function parseRun(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
}
type RunValues = ReturnType<typeof parseRun>['values'];

function toFlags(v: RunValues): ConfigFlags {
  const flags: ConfigFlags = {};
  const set = <K extends keyof ConfigFlags>(key: K, value: ConfigFlags[K] | undefined) => {
    if (value !== undefined) flags[key] = value;
  };
  set('target', v.target);
  set('suites', v.suite);
  set('tags', v.tag);
  set('filterProfiles', v.profile);
  set('requirements', v.requirement);
  set('scenarios', v.scenario);
  set('concurrency', v.concurrency);
  set('formats', listOption(v.reporter));
  set('reportDir', v['report-dir']);
  set('bail', v.bail);
  set('dialect', v.dialect);
  set('strictness', v.strictness);
  set('readings', v.readings);
  set('writeReadings', v['write-readings']);
  set('failOn', listOption(v['fail-on']));
  set('baseline', v.baseline);
  set('shard', v.shard);
  set('faults', v.fault);
  return flags;
}

/**
 * The console summary. Every count names what it counts, and the lists say how many they hold, so
 * "N fail" and the lines listed agree: failing scenarios here, failing requirements in the gate lines.
 */
function summary(run: RunResult, dir: string, verdict: Verdict): string {
  const count = (o: string) => run.scenarios.filter((s) => s.outcome === o).length;
  const verdicts = (v: string) => run.requirements.filter((r) => r.verdict === v).length;
  const bad = run.scenarios.filter((s) => s.outcome === 'failed' || s.outcome === 'error');
  // Harness errors first (they are ours to fix), then the target's failures; a long list is cut and counted.
  const ordered = [...bad.filter((s) => s.outcome === 'error'), ...bad.filter((s) => s.outcome === 'failed')];
  const failing = ordered
    .slice(0, CONSOLE_SCENARIOS)
    .map(
      (s) =>
        `  ${s.outcome === 'error' ? 'ERROR' : 'FAIL'} ${s.scenarioId} [${s.requirements.join(', ')}]\n      ${s.reason ?? ''}`,
    );
  if (ordered.length > CONSOLE_SCENARIOS)
    failing.push(
      `  … and ${ordered.length - CONSOLE_SCENARIOS} more failing scenario(s): see summary.md or report.json`,
    );
  const failed = verdicts('fail');
  const blockedScenarios = run.scenarios.filter((s) => s.blockedBy !== undefined).length;
  const split: string[] = [];
  if (verdict.failing.length > 0) split.push(`${verdict.failing.length} listed below as FAIL`);
  if (verdict.excused.length > 0) split.push(`${verdict.excused.length} known failure(s)`);
  if (verdict.notGating.length > 0) split.push(`${verdict.notGating.length} not gating`);
  return [
    '',
    ...(failing.length > 0
      ? [`failing scenarios (${count('failed')} failed, ${count('error')} harness errors):`, ...failing, '']
      : []),
    `scenarios: ${run.scenarios.length} (${count('passed')} passed, ${count('failed')} failed, ${count('error')} errors, ${count('not-applicable')} not applicable, ${count('skipped')} skipped${blockedScenarios > 0 ? `, of which ${blockedScenarios} blocked` : ''}), ${formatMs(run.durationMs)} ms`,
    `requirements: ${verdicts('pass')} pass, ${failed} fail${failed > 0 && split.length > 0 ? ` (${split.join(', ')})` : ''}, ${verdicts('blocked')} blocked, ${verdicts('not-applicable')} not applicable, ${verdicts('not-run')} not run`,
    ...notRunLines(run),
    ...sessionLine(run),
    ...leftoverLine(run),
    `reports: ${dir}`,
  ].join('\n');
}

/** CometD sessions the target dropped (402) during the run, when any: they explain lost notifications. */
function sessionLine(run: RunResult): string[] {
  const lost = run.scenarios.filter((s) => s.events?.some((e) => e.kind === 'session-lost'));
  if (lost.length === 0) return [];
  const n = lost.reduce(
    (sum, s) => sum + (s.events?.filter((e) => e.kind === 'session-lost').length ?? 0),
    0,
  );
  const ids = lost.map((s) => s.scenarioId);
  return [`CometD sessions lost (402) and re-made: ${n} in ${lost.length} scenario(s) (${listSome(ids, 5)})`];
}

/** Requirements not run, grouped by why (one line per reason, ids cut at ten). */
function notRunLines(run: RunResult): string[] {
  return groupedByWhy(
    run.requirements.filter((x) => x.verdict === 'not-run'),
    'not run',
  ).map(({ why, ids }) => `  not run: ${ids.length} requirement(s) (${listSome(ids, 10)}): ${why}`);
}

/** How many failing scenarios the console lists before it counts the rest. */
const CONSOLE_SCENARIOS = 20;

/** The interactions the scenarios' cleanup could not end, when there are any. */
function leftoverLine(run: RunResult): string[] {
  const n = run.scenarios.reduce((sum, s) => sum + (s.leftovers?.length ?? 0), 0);
  return n > 0 ? [`left on the target: ${n} interaction(s) (see report.json)`] : [];
}

function harnessVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

/** One line per observed point (and per declared point that differs), for the console. */
function readingLines(run: RunResult): string[] {
  const observed = run.readings.filter((r) => r.observed.length > 0);
  if (observed.length === 0) return [];
  const lines = [
    `readings: ${observed.length} of ${run.readings.length} open points observed${run.readingsDeclared ? ` (declared: ${run.readingsDeclared.source})` : ''}`,
  ];
  for (const r of observed) {
    const seen = r.observed.map((o) => o.option).join(' and ');
    const mark = r.status === 'differs' ? `DIFFERS from declared ${r.declared?.join(' or ')}` : '';
    lines.push(`  ${r.point}: ${seen}${mark ? `  ${mark}` : ''}`);
  }
  return lines;
}
