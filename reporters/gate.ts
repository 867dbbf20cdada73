import type { Level, RunResult } from '../src/model/index.js';
import type { Baseline } from './baseline.js';
import { computeVerdict, type GateVerdict } from './verdict.js';

export interface GateOptions {
  /** Levels whose failures fail the gate: ['MUST'] or ['MUST', 'SHOULD'] (SHOULD implies MUST). */
  failOn: Level[];
  baseline?: Baseline;
  /** The day expiry dates are judged against (default: now). */
  today?: Date;
}

export interface GateResult {
  verdict: GateVerdict;
  /** 0 conformant, 1 nonconformant or incomplete. */
  exitCode: 0 | 1;
  /** Human-readable lines, one per reason, for the console; the last is the `gate:` line. */
  lines: string[];
  /** Requirement ids whose failure a live baseline entry excused. */
  excused: string[];
  /** Baseline entries that rot: the requirement passes now, or the entry has expired. */
  stale: string[];
}

/**
 * The exit code and its reasons: a thin view of `computeVerdict` (reporters/verdict.ts), kept for
 * callers of the earlier API. Every output takes its verdict from there.
 */
export function evaluateGate(run: RunResult, opts: GateOptions): GateResult {
  const v = computeVerdict(run, opts);
  return { verdict: v.verdict, exitCode: v.exitCode, lines: v.lines, excused: v.excused, stale: v.stale };
}
