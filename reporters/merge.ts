import { readFile } from 'node:fs/promises';
import type { ReadingResult, Requirement, RunResult } from '../src/model/index.js';
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
 * Shards must make one whole: all of one count, each index once, none missing (MERGE_SHARDS).
 * Reports without a shard (separate runs of disjoint scenarios) may be merged with each other, not
 * with shards.
 */
export function checkShards(runs: RunResult[], names: string[]): void {
  const sharded = runs.map((r, i) => ({ shard: r.shard, name: names[i] ?? `report ${i + 1}` }));
  const without = sharded.filter((s) => !s.shard);
  if (without.length === sharded.length) return;
  const fail = (message: string): never => {
    throw new ReportError('MERGE_SHARDS', message);
  };
  if (without.length > 0)
    fail(
      `${without.map((s) => s.name).join(', ')}: not a shard report (no shard i/n) but merged with shards; merge the shards of one run only`,
    );
  const counts = [...new Set(sharded.map((s) => s.shard?.count))];
  if (counts.length > 1)
    fail(
      `shards of different counts: ${sharded.map((s) => `${s.name} is ${s.shard?.index}/${s.shard?.count}`).join(', ')}`,
    );
  const count = counts[0] ?? 1;
  const byIndex = new Map<number, string>();
  for (const s of sharded) {
    const index = s.shard?.index ?? 0;
    const other = byIndex.get(index);
    if (other !== undefined) fail(`shard ${index}/${count} given twice: ${other} and ${s.name}`);
    byIndex.set(index, s.name);
  }
  // Shard 0 holds the exclusive scenarios: missing when the shards say there are some.
  const exclusive = Math.max(0, ...runs.map((r) => r.shard?.exclusive ?? 0));
  const wanted = Array.from({ length: count }, (_, i) => i + 1);
  if (exclusive > 0) wanted.unshift(0);
  const missing = wanted.filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    fail(
      `${missing.map((i) => (i === 0 ? `shard 0/${count} (the ${exclusive} exclusive scenarios)` : `shard ${i}/${count}`)).join(', ')} missing (given: ${[
        ...byIndex.entries(),
      ]
        .sort(([a], [b]) => a - b)
        .map(([i, name]) => `${i}/${count} ${name}`)
        .join(', ')}); a merged report of part of the shards cannot be called conformant`,
    );
}

/** Each reading point over all shards: the union of what they observed, its status recomputed. */
function mergeReadings(runs: RunResult[]): ReadingResult[] {
  const byPoint = new Map<string, ReadingResult>();
  for (const run of runs)
    for (const r of run.readings ?? []) {
      const seen = byPoint.get(r.point) ?? { ...r, observed: [] };
      for (const o of r.observed) {
        const have = seen.observed.find((x) => x.option === o.option);
        if (have) have.scenarios = [...new Set([...have.scenarios, ...o.scenarios])].sort();
        else seen.observed.push({ option: o.option, scenarios: [...o.scenarios] });
      }
      byPoint.set(r.point, seen);
    }
  return [...byPoint.values()].map((r) => {
    let status: ReadingResult['status'] = 'not-observed';
    if (r.observed.length > 0)
      status = !r.declared
        ? 'observed'
        : r.observed.every((o) => r.declared?.includes(o.option))
          ? 'as-declared'
          : 'differs';
    return { ...r, status };
  });
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
  checkShards(runs, names);
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
    readings: mergeReadings(runs),
    scenarios,
    requirements,
  };
}

export async function mergeReportFiles(files: string[]): Promise<RunResult> {
  if (files.length === 0) throw new ReportError('MERGE_NO_INPUT', 'no shard reports given');
  const runs = await Promise.all(files.map(readReport));
  return mergeRuns(runs, files);
}
