import { parseArgs } from 'node:util';
import { type Baseline, loadBaseline, markKnownFailures } from '../../reporters/baseline.js';
import { ReportError } from '../../reporters/errors.js';
import { REPORT_FORMATS, type ReportFormat, writeReports } from '../../reporters/index.js';
import { mergeReportFiles } from '../../reporters/merge.js';
import { checkBaseline, parseFailOn } from '../../reporters/verdict.js';
import { UsageError } from './args.js';
import { type CliIo, processIo } from './project.js';

export const REPORT_HELP = `Usage: interactions-conformance report merge --out DIR [options] SHARD_REPORT.json...

Joins the report.json files of several shards (run --shard i/n) into one report: the union of their
scenarios, with every requirement verdict recomputed over all of them, written in every format.

Options:
  --out DIR             directory for the merged reports (required)
  --format LIST         comma-separated: json,html,junit,markdown (default: all four)
  --fail-on LEVELS      which failing levels fail the gate: MUST, or SHOULD (= MUST and SHOULD);
                        case-insensitive (must, MUST, Should), default MUST
  --baseline FILE       known-failures YAML: listed failures do not fail the gate
  --secret VALUE        a literal to redact from the merged reports (repeatable)
  -h, --help            this text

Exit codes: 0 conformant, 1 nonconformant or incomplete (the gate failed), 2 usage error or
unusable input (missing file, not a report, shards of different suites or targets, a shard missing
or given twice, a baseline naming an unknown requirement).`;

function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((v) => v.trim());
  for (const f of formats)
    if (!(REPORT_FORMATS as string[]).includes(f))
      throw new UsageError(`--format: unknown format "${f}" (${REPORT_FORMATS.join(', ')})`);
  return formats as ReportFormat[];
}

async function merge(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      format: { type: 'string', default: 'json,html,junit,markdown' },
      'fail-on': { type: 'string', default: 'MUST' },
      baseline: { type: 'string' },
      secret: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(REPORT_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError('report merge: --out DIR is required');
  if (positionals.length === 0) throw new UsageError('report merge: give at least one shard report.json');
  const failOn = parseFailOn(values['fail-on']);
  const formats = parseFormats(values.format);
  const baseline: Baseline | undefined = values.baseline ? loadBaseline(values.baseline) : undefined;

  const merged = await mergeReportFiles(positionals);
  if (baseline)
    checkBaseline(
      baseline,
      merged.requirements.map((r) => r.id),
    );
  const today = new Date();
  const run = { ...merged, requirements: markKnownFailures(merged.requirements, baseline, today) };
  const written = await writeReports(run, {
    dir: values.out,
    formats,
    secrets: values.secret,
    gate: { failOn, today, ...(baseline ? { baseline } : {}) },
  });
  for (const f of written.failures)
    io.err(`warning: the ${f.format} report could not be written: ${f.message}`);
  io.out(`merged ${positionals.length} reports, ${run.scenarios.length} scenarios, into ${written.dir}`);
  for (const line of written.verdict.lines) io.out(line);
  return written.verdict.exitCode;
}

/**
 * `interactions-conformance report …`; `argv` is what follows `report` on the command line
 * (a leading `report` is tolerated). Returns the exit code; never throws for bad input.
 */
export async function reportCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = argv[0] === 'report' ? argv.slice(1) : argv;
  const [sub, ...rest] = args;
  try {
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io.out(REPORT_HELP);
      return sub === undefined ? 2 : 0;
    }
    if (sub === 'merge') return await merge(rest, io);
    throw new UsageError(`report: unknown command "${sub}" (expected: merge)`);
  } catch (err) {
    if (err instanceof ReportError || err instanceof UsageError) {
      io.err(`error (${err instanceof ReportError ? err.code : 'USAGE'}): ${err.message}`);
      if (err instanceof UsageError) io.err('run "interactions-conformance report --help" for usage');
      return 2;
    }
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`error (USAGE): ${err.message}\nrun "interactions-conformance report --help" for usage`);
      return 2;
    }
    throw err;
  }
}
