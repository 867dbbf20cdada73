import { readFile } from 'node:fs/promises';
import type { Requirement, RunResult } from '../src/model/index.js';
import { ReportError } from './errors.js';
import { fromReportDocument, type ReportDocument } from './json.js';
import { validateReport } from './report-schema.js';
import { requirementResults } from './verdicts.js';

/** Reads and validates one shard's report.json. */
export async function readReport(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ReportError('REPORT_NOT_FOUND', `${file}: report not found or not readable`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ReportError('REPORT_INVALID', `${file}: not JSON (${(err as Error).message})`);
  }
  const valid = validateReport(doc);
  if (!valid.ok) {
    throw new ReportError(
      'REPORT_INVALID',
      `${file}: not a report.json of this version:\n  ${valid.problems.slice(0, 10).join('\n  ')}`,
    );
  }
  return fromReportDocument(doc as ReportDocument);
}

/** Fields that must agree between shards, or the merged verdicts would mean nothing. */
const MUST_AGREE: Array<[string, (r: RunResult) => string]> = [
  ['suite digest', (r) => r.suiteDigest],
  // Each shard starts its own embedded server on a free port: only a real target's URL must match.
  ['target', (r) => (r.target.embedded ? 'the embedded reference server' : r.target.baseUrl)],
  ['dialect', (r) => r.dialect],
  ['declared readings', (r) => JSON.stringify(r.readingsDeclared ?? null)],
  ['profiles claimed', (r) => [...r.profilesClaimed].sort().join(',')],
];

/** The catalogue as the shards recorded it (every shard holds every requirement). */
function catalogueOf(runs: RunResult[]): Requirement[] {
  const byId = new Map<string, Requirement>();
  for (const run of runs) {
    for (const r of run.requirements) {
      if (!byId.has(r.id))
        byId.set(r.id, {
          id: r.id,
          level: r.level,
          basis: r.basis,
          profile: r.profile,
          operation: r.operation,
          statement: r.statement,
          quote: '',
        });
    }
  }
  return [...byId.values()];
}

/**
 * Joins shard results into one run: the union of their scenarios, requirement verdicts recomputed
 * over all of them. Shards of different suites, targets or settings are refused (MERGE_MISMATCH).
 */
export function mergeRuns(
  runs: RunResult[],
  names: string[] = runs.map((_, i) => `report ${i + 1}`),
): RunResult {
  const [first] = runs;
  if (!first) throw new ReportError('MERGE_NO_INPUT', 'no shard reports given');
  runs.forEach((run, i) => {
    for (const [label, get] of MUST_AGREE) {
      if (get(run) !== get(first))
        throw new ReportError(
          'MERGE_MISMATCH',
          `${names[i]}: ${label} "${get(run)}" differs from ${names[0]}'s "${get(first)}"; shards of different runs cannot be merged`,
        );
    }
  });
  const seen = new Map<string, string>();
  const scenarios = runs.flatMap((run, i) =>
    run.scenarios.map((s) => {
      const other = seen.get(s.scenarioId);
      if (other !== undefined)
        throw new ReportError(
          'MERGE_DUPLICATE_SCENARIO',
          `scenario ${s.scenarioId} is in both ${other} and ${names[i]}: was a shard given twice?`,
        );
      seen.set(s.scenarioId, names[i] ?? '');
      return s;
    }),
  );
  const start = Math.min(...runs.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...runs.map((r) => Date.parse(r.startedAt) + r.durationMs));
  const { shard: _shard, ...base } = first;
  const requirements = requirementResults(catalogueOf(runs), scenarios, first.profilesClaimed);
  return {
    ...base,
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    scenarios,
    requirements,
  };
}

export async function mergeReportFiles(files: string[]): Promise<RunResult> {
  if (files.length === 0) throw new ReportError('MERGE_NO_INPUT', 'no shard reports given');
  const runs = await Promise.all(files.map(readReport));
  return mergeRuns(runs, files);
}
