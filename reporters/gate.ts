import type { Level, RunResult } from '../src/model/index.js';
import { type Baseline, isExpired, liveEntry } from './baseline.js';

export interface GateOptions {
  /** Levels whose failures fail the gate: ['MUST'] or ['MUST', 'SHOULD']. */
  failOn: Level[];
  baseline?: Baseline;
  /** The day expiry dates are judged against (default: now). */
  today?: Date;
}

export interface GateResult {
  /** 0 conformant (for the chosen levels), 1 nonconformant. */
  exitCode: 0 | 1;
  /** Human-readable lines, one per reason, for the console. */
  lines: string[];
  /** Requirement ids whose failure a live baseline entry excused. */
  excused: string[];
  /** Baseline entries that rot: the requirement passes now, or the entry has expired. */
  stale: string[];
}

/**
 * Decides the exit code. A failing requirement of a level in `failOn` fails the gate unless a live
 * baseline entry lists it; an expired entry excuses nothing. A scenario that ended in a harness error
 * also fails the gate: its requirements were not judged, so the run cannot be called conformant.
 */
export function evaluateGate(run: RunResult, opts: GateOptions): GateResult {
  const today = opts.today ?? new Date();
  const entries = opts.baseline?.entries ?? [];
  const lines: string[] = [];
  const excused: string[] = [];
  const stale: string[] = [];
  let failed = false;

  for (const r of run.requirements) {
    if (r.verdict !== 'fail' || !opts.failOn.includes(r.level)) continue;
    const entry = liveEntry(entries, r.id, today);
    if (entry) {
      excused.push(r.id);
      lines.push(
        `known failure ${r.id} (${r.level}): ${entry.reason}${entry.expires ? ` [until ${entry.expires}]` : ''}`,
      );
      continue;
    }
    failed = true;
    lines.push(`FAIL ${r.id} (${r.level}, ${r.profile}): ${r.statement} [${r.scenarios.join(', ')}]`);
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

  const errors = run.scenarios.filter((s) => s.outcome === 'error');
  if (errors.length > 0) {
    failed = true;
    for (const s of errors)
      lines.push(`ERROR ${s.scenarioId}: ${s.reason ?? 'harness error'} (its requirements were not run)`);
  }

  lines.push(
    failed
      ? `gate: nonconformant (failing on ${opts.failOn.join(' and ')})`
      : `gate: conformant (failing on ${opts.failOn.join(' and ')}${excused.length ? `; ${excused.length} known failure(s) excused` : ''})`,
  );
  return { exitCode: failed ? 1 : 0, lines, excused, stale };
}
