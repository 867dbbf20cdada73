import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/index.js';
import { HOSTILE_BEHAVIOURS, type HostileBehaviour } from '../helpers/hostile-target.js';
import { ALL_SUITES, type HostileRun, REPORT_FILES, runHostile } from '../helpers/run-hostile.js';

/**
 * A measurement, not part of `npm test` (minutes): every suite against each hostile behaviour with
 * the default bounds (docs/blame.md, "Measured"). Prints one Markdown table row per behaviour:
 *   npm run hostile-table
 * IC_HOSTILE_TABLE=reset-post,drip-body npm run hostile-table measures only those rows.
 */
const DEFAULT_TIMEOUTS = '{ request: 10s, message: 5s, handshake: 10s, scenario: 60s, run: 30m }';

function firstFailure(report: RunResult | undefined): string {
  for (const s of report?.scenarios ?? [])
    for (const st of s.steps)
      for (const c of st.checks)
        if (!c.passed && st.outcome === 'failed')
          return `${[...new Set(c.requirement ? [c.requirement] : st.requirements)].join(', ')}: ${c.message ?? c.name}`;
  return '';
}

function row(behaviour: HostileBehaviour, run: HostileRun, extra = ''): string {
  const r = run.report;
  const count = (o: string) => r?.scenarios.filter((s) => s.outcome === o).length ?? 0;
  const verdicts = (v: string) => r?.requirements.filter((x) => x.verdict === v).length ?? 0;
  const blockedScenarios = r?.scenarios.filter((s) => s.blockedBy).length ?? 0;
  const what = r
    ? `exit ${run.code}; scenarios ${count('failed')} failed, ${count('error')} error, ${blockedScenarios} blocked, ${count('passed')} passed; requirements ${verdicts('fail')} fail, ${verdicts('blocked')} blocked, ${verdicts('not-run')} not run`
    : `exit ${run.code}; no report (the setup check stopped the run)`;
  const message = (r ? firstFailure(r) : (run.err.split('\n')[0] ?? '')).replace(/\|/g, '\\|').slice(0, 220);
  const files = r ? `${run.written.length}/${REPORT_FILES.length} reports` : '';
  return `| ${behaviour} | ${what} | ${message} | ${(run.ms / 1000).toFixed(1)} s${extra} | ${files} |`;
}

describe('hostile targets, every suite, default bounds', () => {
  it('prints the table', async () => {
    const rows: string[] = [
      '| target behaviour | verdict | first failing check (requirement: message) | time | reports |',
      '|---|---|---|---|---|',
    ];
    const only = (process.env.IC_HOSTILE_TABLE ?? '').split(',').filter((b) => b !== '1' && b !== '');
    const behaviours = HOSTILE_BEHAVIOURS.filter((b) => only.length === 0 || only.includes(b));
    for (const behaviour of behaviours) {
      const run = await runHostile(behaviour, ['--suite', ALL_SUITES], {
        timeouts: DEFAULT_TIMEOUTS,
        answerFirst: 600,
      });
      const after =
        behaviour === 'down-halfway' && run.report
          ? ` (${((run.ms - (run.downMs ?? 0)) / 1000).toFixed(1)} s after it stopped)`
          : '';
      rows.push(row(behaviour, run, after));
      console.log(rows.at(-1));
    }
    console.log(`\n${rows.join('\n')}\n`);
    expect(rows.length).toBe(behaviours.length + 2);
  }, 3_600_000);
});
