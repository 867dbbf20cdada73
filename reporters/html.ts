import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  HttpExchange,
  ReceivedMessage,
  RequirementResult,
  RunResult,
  ScenarioResult,
  StepResult,
} from '../src/model/index.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { readingsHtml } from './readings-sections.js';
import { summarise } from './summary.js';
import { computeVerdict, formatMs, type Verdict } from './verdict.js';

/** Everything the target sends is untrusted: every interpolated value goes through this. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function badge(verdict: string): string {
  return `<span class="badge v-${escapeHtml(verdict)}">${escapeHtml(verdict)}</span>`;
}

function json(value: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2) ?? 'undefined')}</pre>`;
}

function options(name: string, values: string[]): string {
  const opts = values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
  return `<label>${name} <select data-filter="${name}"><option value="">all</option>${opts}</select></label>`;
}

/** Anchor ids come from positions, not from scenario ids (which are arbitrary text). */
function anchors(run: RunResult): Map<string, string> {
  return new Map(run.scenarios.map((s, i) => [s.scenarioId, `sc-${i}`]));
}

function matrixRow(r: RequirementResult, ids: Map<string, string>): string {
  const links = r.scenarios.map((s) => `<a href="#${ids.get(s) ?? ''}">${escapeHtml(s)}</a>`).join('<br>');
  const known = r.knownFailure
    ? `<div class="known">known failure: ${escapeHtml(r.knownFailure.reason)}</div>`
    : '';
  // Every blocked, not-run and not-applicable requirement says why.
  const why = r.why ? `<div class="meta why">${escapeHtml(r.why)}</div>` : '';
  return `<tr class="row-${escapeHtml(r.verdict)}" data-profile="${escapeHtml(r.profile)}" data-verdict="${escapeHtml(r.verdict)}" data-operation="${escapeHtml(r.operation)}">
<td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.level)}</td><td>${escapeHtml(r.profile)}</td><td>${escapeHtml(r.operation)}</td>
<td>${escapeHtml(r.statement)}${known}${why}</td><td>${badge(r.verdict)}</td><td>${links}</td></tr>`;
}

function exchangeBlock(ex: HttpExchange): string {
  const res = ex.response
    ? `<h5>Response ${escapeHtml(ex.response.status)}</h5>${json({ headers: ex.response.headers, body: ex.response.body ?? ex.response.bodyText })}`
    : `<h5>No response</h5><p class="check-failed">${escapeHtml(ex.error ?? 'no response')}</p>`;
  return `<details><summary>${escapeHtml(ex.request.method)} ${escapeHtml(ex.request.url)} (${escapeHtml(formatMs(ex.durationMs))} ms, ${escapeHtml(ex.attempts)} attempt(s))</summary><div class="body">
<h5>Request</h5>${json({ headers: ex.request.headers, body: ex.request.body })}${res}</div></details>`;
}

function stepBlock(st: StepResult): string {
  const checks = st.checks
    .map(
      (c) =>
        `<li class="${c.passed ? '' : 'check-failed'}">${c.passed ? '✓' : '✗'} ${escapeHtml(c.name)}${c.message ? `: ${escapeHtml(c.message)}` : ''}${c.passed ? '' : `<details><summary>expected / actual</summary>${json({ expected: c.expected, actual: c.actual })}</details>`}</li>`,
    )
    .join('');
  return `<tr class="step-${escapeHtml(st.outcome)}"><td>${st.index < 0 ? '–' : st.index + 1}</td><td>${escapeHtml(st.kind)}</td>
<td>${escapeHtml(st.title)}<div class="meta">${escapeHtml(st.pos.file)}:${st.pos.line}:${st.pos.col} · +${escapeHtml(formatMs(st.startedAtMs))} ms</div>
${st.reason ? `<div class="check-failed">${escapeHtml(st.reason)}</div>` : ''}<ul>${checks}</ul>${st.exchange ? exchangeBlock(st.exchange) : ''}${(st.exchanges ?? []).map(exchangeBlock).join('')}</td>
<td>${badge(st.outcome)}</td><td>${st.requirements.map((r) => `<code>${escapeHtml(r)}</code>`).join(' ')}</td></tr>`;
}

function describe(m: ReceivedMessage): string {
  const outer = (m.data ?? {}) as Record<string, unknown>;
  const data = (outer.data ?? outer) as Record<string, unknown>;
  const inner = (data.interaction ?? data) as Record<string, unknown>;
  const parts = [data.messageType ?? data.messageTypeName, data.notificationType, inner.state].filter(
    (p) => p !== undefined,
  );
  return parts.map(String).join(' · ') || 'message';
}

function timeline(s: ScenarioResult): string {
  const events = s.events ?? [];
  const actors = [
    ...new Set([...Object.keys(s.actors), ...s.messages.map((m) => m.actor), ...events.map((e) => e.actor)]),
  ];
  if (s.messages.length === 0 && events.length === 0) return '<p class="meta">No CometD messages.</p>';
  return actors
    .map((actor) => {
      // Messages and session events (a lost session, a new handshake) in one time line.
      const entries = [
        ...s.messages
          .filter((m) => m.actor === actor)
          .map((m) => ({
            at: m.atMs,
            html: `<li class="${m.consumedBy === undefined ? 'unconsumed' : ''}">+${escapeHtml(formatMs(m.atMs))} ms <code>${escapeHtml(m.channel)}</code> ${escapeHtml(describe(m))} · ${m.consumedBy === undefined ? 'not consumed' : `consumed by step ${m.consumedBy + 1}`}<details><summary>message</summary>${json(m.data)}</details></li>`,
          })),
        ...events
          .filter((e) => e.actor === actor)
          .map((e) => ({
            at: e.atMs,
            html: `<li class="session-event check-failed">+${escapeHtml(formatMs(e.atMs))} ms <strong>${escapeHtml(e.kind)}</strong>: ${escapeHtml(e.detail)}</li>`,
          })),
      ];
      const items = entries
        .sort((a, b) => a.at - b.at)
        .map((e) => e.html)
        .join('');
      const userId = s.actors[actor];
      return `<h5>${escapeHtml(actor)}${userId ? ` (${escapeHtml(userId)})` : ''}</h5><ul class="timeline">${items || '<li>none</li>'}</ul>`;
    })
    .join('');
}

/** `10 of 10 rounds`, or `failed in round 3 of 10`; the messages and steps shown are that round's. */
function roundsText(r: NonNullable<ScenarioResult['rounds']>): string {
  return r.failed === undefined
    ? `${r.run} of ${r.planned} rounds`
    : `failed in round ${r.failed} of ${r.planned}`;
}

function scenarioBlock(s: ScenarioResult, id: string): string {
  const open = s.outcome === 'failed' || s.outcome === 'error' ? ' open' : '';
  return `<details id="${id}" class="sc-${escapeHtml(s.outcome)}"${open}><summary>${badge(s.outcome)} <strong>${escapeHtml(s.title)}</strong> <code>${escapeHtml(s.scenarioId)}</code> <span class="meta">${escapeHtml(s.file)}:${s.pos.line} · ${escapeHtml(s.profile)} · ${escapeHtml(formatMs(s.durationMs))} ms${s.rounds ? ` · ${escapeHtml(roundsText(s.rounds))}` : ''}</span></summary>
<div class="body">${s.reason ? `<p class="${s.outcome === 'failed' || s.outcome === 'error' ? 'check-failed' : 'meta'}">${escapeHtml(s.reason)}</p>` : ''}
<p class="meta">Requirements: ${s.requirements.map((r) => `<code>${escapeHtml(r)}</code>`).join(' ')}${s.tags.length ? ` · tags: ${s.tags.map(escapeHtml).join(', ')}` : ''}</p>
${s.steps.length ? `<table><thead><tr><th>#</th><th>kind</th><th>step</th><th>outcome</th><th>requirements</th></tr></thead><tbody>${s.steps.map(stepBlock).join('')}</tbody></table>` : ''}
<h4>CometD messages per actor</h4>${timeline(s)}</div></details>`;
}

/** report.html: one self-contained page (inline CSS and JS, a CSP that forbids every fetch). */
export function renderHtml(run: RunResult, verdict: Verdict = computeVerdict(run)): string {
  const sum = summarise(run, verdict);
  const reasons = verdict.lines.slice(0, -1);
  const ids = anchors(run);
  const profiles = sum.profiles
    .map(
      (p) =>
        `<div class="profile${p.claimed ? '' : ' unclaimed'}"><strong>${escapeHtml(p.profile)}</strong> ${badge(p.verdict)}<div class="meta">${p.counts.pass} pass · ${p.counts.fail} fail · ${p.counts.blocked} blocked · ${p.counts['not-run']} not run · ${p.counts['not-applicable']} n/a</div></div>`,
    )
    .join('');
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const filters = [
    options('profile', uniq(run.requirements.map((r) => r.profile))),
    options('verdict', uniq(run.requirements.map((r) => r.verdict))),
    options('operation', uniq(run.requirements.map((r) => r.operation))),
  ].join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Interactions API conformance: ${escapeHtml(sum.verdict)}</title><style>${HTML_STYLE}</style></head>
<body>
<h1>Interactions API conformance ${badge(sum.verdict)}</h1>
<p id="gate" data-verdict="${escapeHtml(verdict.verdict)}"><strong>${escapeHtml(verdict.gate)}</strong> · exit code ${verdict.exitCode}</p>
${reasons.length ? `<ul class="gate-reasons">${reasons.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : ''}
<p class="meta">Target <code>${escapeHtml(run.target.baseUrl)}</code>${run.target.embedded ? ' (embedded reference server)' : ''} · CometD <code>${escapeHtml(run.target.cometdUrl)}</code><br>
Harness ${escapeHtml(run.harnessVersion)} · suite digest <code>${escapeHtml(run.suiteDigest)}</code> · ${escapeHtml(run.dialect)} · readings ${escapeHtml(run.readingsDeclared ? `declared (${run.readingsDeclared.source})` : 'any defensible')} · started ${escapeHtml(run.startedAt)} · ${escapeHtml(formatMs(run.durationMs))} ms${run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : ''}<br>
Profiles claimed: ${run.profilesClaimed.map(escapeHtml).join(', ') || 'none'}</p>
<h2>Profiles</h2><div class="profiles">${profiles}</div>
<h2>Requirements</h2><div class="filters">${filters}<span id="shown" class="meta"></span></div>
<table id="matrix"><thead><tr><th>id</th><th>level</th><th>profile</th><th>operation</th><th>statement</th><th>verdict</th><th>scenarios</th></tr></thead>
<tbody>${run.requirements.map((r) => matrixRow(r, ids)).join('\n')}</tbody></table>
${readingsHtml(run, escapeHtml, (s) => ids.get(s) ?? '')}
<h2>Scenarios (${run.scenarios.length}: ${sum.scenarios.passed} passed, ${sum.scenarios.failed} failed, ${sum.scenarios.error} errors, ${sum.scenarios.skipped} skipped or blocked, ${sum.scenarios['not-applicable']} not applicable)</h2>
${run.scenarios.map((s) => scenarioBlock(s, ids.get(s.scenarioId) ?? '')).join('\n')}
<script>${HTML_SCRIPT}</script>
</body></html>
`;
}

export async function writeHtml(run: RunResult, dir: string, verdict?: Verdict): Promise<string> {
  const file = join(dir, 'report.html');
  await writeFile(file, renderHtml(run, verdict));
  return file;
}
