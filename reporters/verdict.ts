import type { Level, RequirementResult, RunResult } from '../src/model/index.js';
import { didYouMean } from '../src/model/suggest.js';
import { type Baseline, isExpired, liveEntry } from './baseline.js';
import { ReportError } from './errors.js';

/**
 * The one verdict of a run. Every output (exit code, console, summary.md, junit.xml, report.html,
 * report.json, a merged report) takes it from `computeVerdict`, so they cannot disagree.
 *
 * - nonconformant: a failing requirement of a `failOn` level that no live baseline entry excuses,
 *   or a declared reading the target contradicted;
 * - incomplete: nothing failed, but a scenario ended in a harness error (its requirements were not
 *   judged), or a requirement of a `failOn` level is blocked (never judged) by something the gate does
 *   not accept (the run's budget, a failure that gates): the run cannot be called conformant. A
 *   requirement blocked only by failures the gate accepts (excused by the baseline, or of a level
 *   outside failOn) follows them: it is listed, and does not change the verdict;
 * - conformant: neither. Requirements left not run (filtered out, not covered) are counted in the
 *   gate line but do not change the verdict.
 *
 * Only `conformant` exits 0.
 */
export type GateVerdict = 'conformant' | 'nonconformant' | 'incomplete';

export interface VerdictOptions {
  /** Levels whose failures fail the gate. SHOULD implies MUST (default: MUST). */
  failOn?: readonly Level[];
  baseline?: Baseline;
  /** The day baseline expiry dates are judged against (default: now). */
  today?: Date;
}

export interface Verdict {
  verdict: GateVerdict;
  /** 0 conformant, 1 nonconformant or incomplete. */
  exitCode: 0 | 1;
  /** The levels that failed the gate, normalised: ['MUST'] or ['MUST', 'SHOULD']. */
  failOn: Level[];
  /** One line per reason (failures, excused failures, stale entries, readings, errors), then `gate`. */
  lines: string[];
  /** The last line: `gate: <verdict> (failing on …)`. */
  gate: string;
  /** Requirement ids whose failure a live baseline entry excused. */
  excused: string[];
  /** Baseline entries that rot: the requirement passes now, or the entry has expired. */
  stale: string[];
  /** Failing requirements that fail the gate (not excused, level in failOn). */
  failing: string[];
  /** Failing requirements of a level outside failOn: shown, but not gating. */
  notGating: string[];
}

export const LEVELS: readonly Level[] = ['MUST', 'SHOULD'];

/** ['SHOULD'] and ['MUST', 'SHOULD'] both mean "MUST and SHOULD": failing on SHOULD includes MUST. */
export function normaliseFailOn(levels: readonly string[] | undefined): Level[] {
  const upper = (levels ?? []).map((l) => l.toUpperCase());
  return upper.includes('SHOULD') ? ['MUST', 'SHOULD'] : ['MUST'];
}

/**
 * Parses `--fail-on` (a comma-separated list, or several values): levels are case-insensitive and
 * SHOULD includes MUST. Throws ReportError FAIL_ON_INVALID naming an unknown level.
 */
export function parseFailOn(value: string | readonly string[]): Level[] {
  const parts = (typeof value === 'string' ? [value] : value)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const bad = parts.filter((p) => !(LEVELS as readonly string[]).includes(p.toUpperCase()));
  if (bad.length > 0 || parts.length === 0) {
    const shown = bad.length > 0 ? bad.map((b) => `"${b}"`).join(', ') : '(none given)';
    throw new ReportError('FAIL_ON_INVALID', `--fail-on: unknown level ${shown}; ${FAIL_ON_HELP}`);
  }
  return normaliseFailOn(parts);
}

/** The one wording of the levels, for helps and messages. */
export const FAIL_ON_HELP =
  'levels are MUST or SHOULD, case-insensitive; SHOULD means MUST and SHOULD (default MUST)';

/** Refuses baseline entries naming a requirement the catalogue does not have (BASELINE_UNKNOWN_REQUIREMENT). */
export function checkBaseline(baseline: Baseline, known: readonly string[]): void {
  const problems = baseline.entries
    .filter((e) => !known.includes(e.requirement))
    .map((e) => {
      const hint = didYouMean(e.requirement, known);
      return `${e.at}: unknown requirement ${e.requirement} in the baseline${hint ? `; ${hint}` : ''}`;
    });
  if (problems.length > 0) throw new ReportError('BASELINE_UNKNOWN_REQUIREMENT', problems.join('\n'));
}

/** Milliseconds for people: whole numbers, one decimal under 10 ms. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  return Math.abs(ms) < 10 ? String(Math.round(ms * 10) / 10) : String(Math.round(ms));
}

/**
 * Blocked requirements grouped by what blocked them: one line per blocker (a run whose target went
 * down blocks dozens of requirements for one reason), listing up to ten ids and counting the rest.
 */
function describeBlocked(blocked: RequirementResult[]): string[] {
  return groupedByWhy(blocked, 'blocked').map(
    ({ why, ids }) => `BLOCKED ${ids.length} requirement(s) (${listSome(ids, 10)}): ${why}`,
  );
}

/** Requirements grouped by their `why`, in order of first appearance (one line per reason). */
export function groupedByWhy(
  requirements: RequirementResult[],
  fallback: string,
): Array<{ why: string; ids: string[] }> {
  const byWhy = new Map<string, string[]>();
  for (const r of requirements) {
    const why = r.why ?? fallback;
    byWhy.set(why, [...(byWhy.get(why) ?? []), r.id]);
  }
  return [...byWhy.entries()].map(([why, ids]) => ({ why, ids }));
}

/** The scenarios that failed the requirement: a failing check standing for it, or a failure outside any step. */
function failingScenarios(run: RunResult, id: string): string[] {
  return run.scenarios
    .filter((s) => {
      if (s.outcome !== 'failed') return false;
      const byCheck = s.steps.some(
        (st) =>
          st.outcome === 'failed' &&
          st.checks.some(
            (c) =>
              !c.passed &&
              (c.requirement !== undefined ? c.requirement === id : st.requirements.includes(id)),
          ),
      );
      const outsideSteps = s.requirements.includes(id) && !s.steps.some((st) => st.outcome === 'failed');
      return byCheck || outsideSteps;
    })
    .map((s) => s.scenarioId);
}

/** Lists the scenarios that failed it (up to ten) and counts the covering ones it leaves out. */
function describeFailing(run: RunResult, r: RequirementResult): string {
  const failed = failingScenarios(run, r.id);
  const shown = failed.slice(0, 10);
  const left: string[] = [];
  if (failed.length > shown.length) left.push(`${failed.length - shown.length} more failing`);
  const others = r.scenarios.filter((id) => !failed.includes(id)).length;
  if (others > 0) left.push(`${others} other covering scenario(s) did not fail it`);
  return `FAIL ${r.id} (${r.level}, ${r.profile}): ${r.statement} [failed in ${shown.join(', ') || 'no scenario'}${left.length > 0 ? `; ${left.join('; ')}` : ''}]`;
}

/** Computes the verdict of a run (see GateVerdict). */
export function computeVerdict(run: RunResult, opts: VerdictOptions = {}): Verdict {
  const failOn = normaliseFailOn(opts.failOn ?? ['MUST']);
  const today = opts.today ?? new Date();
  const entries = opts.baseline?.entries ?? [];
  const lines: string[] = [];
  const excused: string[] = [];
  const stale: string[] = [];
  const failing: string[] = [];
  const notGating: RequirementResult[] = [];

  for (const r of run.requirements) {
    if (r.verdict !== 'fail') continue;
    if (!failOn.includes(r.level)) {
      notGating.push(r);
      continue;
    }
    // With a baseline, its live entries excuse; without one, the marks a caller already set.
    const entry = opts.baseline ? liveEntry(entries, r.id, today) : r.knownFailure;
    if (entry) {
      excused.push(r.id);
      lines.push(
        `known failure ${r.id} (${r.level}): ${entry.reason}${entry.expires ? ` [until ${entry.expires}]` : ''}`,
      );
      continue;
    }
    failing.push(r.id);
    lines.push(describeFailing(run, r));
  }
  if (notGating.length > 0) {
    const levels = [...new Set(notGating.map((r) => r.level))].join('/');
    lines.push(
      `not gating: ${notGating.length} failing ${levels} requirement(s) (failing on ${failOn.join(' and ')} only): ${notGating.map((r) => r.id).join(', ')}`,
    );
  }

  for (const entry of entries) {
    const r = run.requirements.find((x) => x.id === entry.requirement);
    if (isExpired(entry, today)) {
      stale.push(entry.requirement);
      const still = r?.verdict === 'fail' ? '; it still fails and fails the gate again' : '';
      lines.push(
        `stale baseline entry ${entry.requirement} (${entry.at}): expired on ${entry.expires}${still}`,
      );
    } else if (r?.verdict === 'pass') {
      stale.push(entry.requirement);
      lines.push(
        `stale baseline entry ${entry.requirement} (${entry.at}): the requirement passes now; remove the entry`,
      );
    }
  }

  const differs = (run.readings ?? []).filter((r) => r.status === 'differs');
  for (const r of differs) {
    const declared = r.declared ?? [];
    const off = r.observed.filter((o) => !declared.includes(o.option));
    lines.push(
      `reading ${r.point}: declared ${declared.join(' or ') || '(nothing)'}, observed ${off
        .map((o) => `${o.option} (${listSome(o.scenarios, 3)})`)
        .join(', ')}`,
    );
  }

  const errors = run.scenarios.filter((s) => s.outcome === 'error');
  for (const s of errors)
    lines.push(`ERROR ${s.scenarioId}: ${s.reason ?? 'harness error'} (its requirements were not judged)`);

  // A blocked requirement was never judged: one of a gating level cannot be called conformant,
  // unless what blocked it is a failure the gate accepts (excused, or of a level outside failOn).
  const accepted = new Set([...excused, ...notGating.map((r) => r.id)]);
  const blockedAll = run.requirements.filter((r) => r.verdict === 'blocked' && failOn.includes(r.level));
  const byAccepted = (r: RequirementResult) =>
    (r.blockedBy?.requirements.length ?? 0) > 0 &&
    (r.blockedBy?.requirements ?? []).every((id) => accepted.has(id));
  const blocked = blockedAll.filter((r) => !byAccepted(r));
  const blockedAccepted = blockedAll.filter(byAccepted);
  if (blocked.length > 0) lines.push(...describeBlocked(blocked));
  if (blockedAccepted.length > 0)
    lines.push(
      `blocked by an accepted failure: ${blockedAccepted.length} requirement(s) (${blockedAccepted.map((r) => r.id).join(', ')}) were not judged because a failure excused or not gating stopped their scenarios`,
    );

  const verdict: GateVerdict =
    failing.length > 0 || differs.length > 0
      ? 'nonconformant'
      : errors.length > 0 || blocked.length > 0
        ? 'incomplete'
        : 'conformant';
  const notes: string[] = [`failing on ${failOn.join(' and ')}`];
  if (failing.length > 0) notes.push(`${failing.length} failing requirement(s)`);
  if (differs.length > 0) notes.push(`${differs.length} declared reading(s) contradicted`);
  if (errors.length > 0) notes.push(`${errors.length} harness error(s)`);
  if (blocked.length > 0) notes.push(`${blocked.length} requirement(s) blocked`);
  if (excused.length > 0) notes.push(`${excused.length} known failure(s) excused`);
  const notRun = run.requirements.filter((r) => r.verdict === 'not-run').length;
  if (notRun > 0) notes.push(`${notRun} requirement(s) not run`);
  const gate = `gate: ${verdict} (${notes.join('; ')})`;
  lines.push(gate);
  return {
    verdict,
    exitCode: verdict === 'conformant' ? 0 : 1,
    failOn,
    lines,
    gate,
    excused,
    stale,
    failing,
    notGating: notGating.map((r) => r.id),
  };
}

/** The first `shown` names and how many more: a gate line stays one readable line. */
export function listSome(names: string[], shown: number): string {
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? `${head} and ${names.length - shown} more` : head;
}
