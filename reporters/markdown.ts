import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../src/model/index.js';
import { readingsMarkdown } from './readings-sections.js';
import { failureReasons, summarise } from './summary.js';
import { computeVerdict, formatMs, groupedByWhy, type Verdict } from './verdict.js';

/** Makes untrusted text safe inside a Markdown table cell or list item. */
export function escapeMarkdown(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/[\\`*_{}[\]<>()#|!~]/g, (c) => `\\${c}`);
}

/** A code span; backticks inside would end it early. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}

const ICON: Record<string, string> = {
  conformant: '✅',
  nonconformant: '❌',
  incomplete: '⚠️',
  pass: '✅',
  fail: '❌',
  'not-applicable': '➖',
};

/**
 * summary.md: the gate verdict (headline and gate line with its reasons), counts per profile, and each
 * failing requirement with scenario and reason.
 */
export function renderMarkdown(run: RunResult, verdict: Verdict = computeVerdict(run)): string {
  const sum = summarise(run, verdict);
  const out: string[] = [];
  out.push(`# Interactions API conformance: ${ICON[sum.verdict] ?? ''} ${sum.verdict}`, '');
  // The gate line is the harness's own words and counts: shown exactly as the console prints it.
  out.push(`**${verdict.gate.replace(/[*`]/g, '')}** · exit code ${verdict.exitCode}`, '');
  const reasons = verdict.lines.slice(0, -1);
  if (reasons.length > 0) {
    for (const line of reasons) out.push(`- ${escapeMarkdown(line)}`);
    out.push('');
  }
  out.push(
    `Target ${code(run.target.baseUrl)} · harness ${escapeMarkdown(run.harnessVersion)} · ` +
      `suite digest \`${run.suiteDigest.slice(0, 12)}\` · ${formatMs(run.durationMs)} ms · ${run.dialect} · readings ${run.readingsDeclared ? `declared (${run.readingsDeclared.source})` : 'any defensible'}` +
      (run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : ''),
    '',
  );
  out.push(
    '| Profile | Verdict | Pass | Fail | Blocked | Not run | N/A |',
    '|---|---|---:|---:|---:|---:|---:|',
  );
  for (const p of sum.profiles) {
    const c = p.counts;
    out.push(
      `| ${p.profile} | ${ICON[p.verdict] ?? ''} ${p.verdict} | ${c.pass} | ${c.fail} | ${c.blocked} | ${c['not-run']} | ${c['not-applicable']} |`,
    );
  }
  const s = sum.scenarios;
  out.push(
    '',
    `Scenarios: ${s.passed} passed, ${s.failed} failed, ${s.error} harness errors, ${s.skipped} skipped, ${s['not-applicable']} not applicable.`,
    '',
  );

  const failing = run.requirements.filter((r) => r.verdict === 'fail');
  if (failing.length > 0) {
    out.push('## Failing requirements', '');
    for (const r of failing) {
      const excused = r.knownFailure
        ? ` (known failure: ${escapeMarkdown(r.knownFailure.reason)})`
        : verdict.failOn.includes(r.level)
          ? ''
          : ` (${r.level}: not gating, failing on ${verdict.failOn.join(' and ')})`;
      out.push(
        `- **${r.id}** (${r.level}, ${r.profile}, ${escapeMarkdown(r.operation)}): ${escapeMarkdown(r.statement)}${excused}`,
      );
      for (const f of failureReasons(run, r.id))
        out.push(`  - ${code(f.scenarioId)}: ${escapeMarkdown(f.reason)}`);
    }
    out.push('');
  }
  out.push(...unjudgedMarkdown(run));
  out.push(...sessionEventsMarkdown(run));
  out.push(...readingsMarkdown(run, (t) => escapeMarkdown(t)));
  const errors = run.scenarios.filter((sc) => sc.outcome === 'error');
  if (errors.length > 0) {
    out.push('## Harness errors (requirements left not run)', '');
    for (const e of errors) out.push(`- ${code(e.scenarioId)}: ${escapeMarkdown(e.reason ?? 'error')}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export async function writeMarkdown(run: RunResult, dir: string, verdict?: Verdict): Promise<string> {
  const file = join(dir, 'summary.md');
  await writeFile(file, renderMarkdown(run, verdict));
  return file;
}

/** Blocked and not-run requirements grouped by why (a target that went down blocks dozens for one reason). */
function unjudgedMarkdown(run: RunResult): string[] {
  const out: string[] = [];
  for (const [verdict, title] of [
    ['blocked', 'Blocked requirements (a failure of another requirement kept them from being judged)'],
    ['not-run', 'Requirements not run'],
  ] as const) {
    const list = run.requirements.filter((r) => r.verdict === verdict);
    if (list.length === 0) continue;
    out.push(`## ${title}`, '');
    for (const { why, ids } of groupedByWhy(list, verdict))
      out.push(`- ${ids.join(', ')}: ${escapeMarkdown(why, 500)}`);
    out.push('');
  }
  return out;
}

/** Lost and re-made CometD sessions, per scenario: they explain the notifications that went missing. */
function sessionEventsMarkdown(run: RunResult): string[] {
  const withEvents = run.scenarios.filter((s) => (s.events?.length ?? 0) > 0);
  if (withEvents.length === 0) return [];
  const out = ['## CometD sessions lost and re-made', ''];
  for (const s of withEvents) {
    const events = (s.events ?? []).map((e) => `${e.actor} at ${formatMs(e.atMs)} ms ${e.kind}: ${e.detail}`);
    out.push(`- ${code(s.scenarioId)}: ${escapeMarkdown(events.join('; '), 600)}`);
  }
  out.push('');
  return out;
}
