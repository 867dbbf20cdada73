import type { ReadingResult, RunResult } from '../src/model/index.js';

/**
 * The Readings section of each human format: per open point of the seed, the option the target
 * showed (or "not observed"), the declared one when readings were declared, and the scenarios that
 * showed it. A vendor hands this table on: it says how the server behaves where the document is silent.
 */
function observedText(r: ReadingResult): string {
  return r.observed.length === 0 ? 'not observed' : r.observed.map((o) => o.option).join(' and ');
}

function statusText(r: ReadingResult): string {
  switch (r.status) {
    case 'differs':
      return `differs from the declared ${r.declared?.join(' or ')}`;
    case 'as-declared':
      return 'as declared';
    case 'not-observed':
      return r.declared ? `declared ${r.declared.join(' or ')}, not observed` : '';
    default:
      return '';
  }
}

export function readingsMarkdown(run: RunResult, esc: (text: string) => string): string[] {
  if (run.readings.length === 0) return [];
  const declared = run.readingsDeclared ? ` Declared: ${esc(run.readingsDeclared.source)}.` : '';
  const out = [
    '## Readings',
    '',
    `Where the seed is silent (spec/readings.yaml), how the target answered.${declared}`,
    '',
    '| Point | Observed | Declared | Scenarios |',
    '|---|---|---|---|',
  ];
  for (const r of run.readings) {
    const flag = r.status === 'differs' ? '❌ ' : '';
    const scenarios = r.observed.flatMap((o) => o.scenarios);
    const shown = scenarios.slice(0, 3).map((s) => `\`${s}\``);
    if (scenarios.length > 3) shown.push(`+${scenarios.length - 3} more`);
    out.push(
      `| \`${r.point}\`${r.errata ? ` (${r.errata})` : ''} | ${flag}${esc(observedText(r))} | ${esc(r.declared?.join(' or ') ?? '')}${r.status === 'differs' ? ' (differs)' : ''} | ${shown.join(', ')} |`,
    );
  }
  out.push('');
  return out;
}

export function readingsHtml(
  run: RunResult,
  esc: (value: unknown) => string,
  anchor: (scenarioId: string) => string,
): string {
  if (run.readings.length === 0) return '';
  const rows = run.readings.map((r) => {
    const links = r.observed
      .map(
        (o) =>
          `<div><b>${esc(o.option)}</b>: ${o.scenarios.map((s) => `<a href="#${anchor(s)}">${esc(s)}</a>`).join(', ')}</div>`,
      )
      .join('');
    return `<tr class="reading-${esc(r.status)}"><td><code>${esc(r.point)}</code>${r.errata ? ` <span class="meta">${esc(r.errata)}</span>` : ''}</td><td>${esc(r.question)}</td><td>${esc(observedText(r))}</td><td>${esc(r.declared?.join(' or ') ?? '')} ${esc(statusText(r))}</td><td>${links}</td></tr>`;
  });
  const declared = run.readingsDeclared
    ? ` Declared readings: <code>${esc(run.readingsDeclared.source)}</code>.`
    : ' No readings declared: every defensible option passes.';
  return `<h2 id="readings">Readings</h2>
<p class="meta">Where the seed is silent (spec/readings.yaml), how the target answered.${declared}</p>
<table id="readings-table"><thead><tr><th>point</th><th>question</th><th>observed</th><th>declared</th><th>shown by</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

/** JUnit `<property>` lines: `reading.<point>` = the observed option(s), or `not observed`. */
export function readingsJunitProperties(run: RunResult, esc: (text: string) => string): string {
  if (run.readings.length === 0) return '';
  const props = run.readings.map(
    (r) =>
      `      <property name="reading.${esc(r.point)}" value="${esc(observedText(r))}${r.status === 'differs' ? esc(` (declared ${r.declared?.join(' or ')})`) : ''}"/>`,
  );
  if (run.readingsDeclared)
    props.unshift(`      <property name="readings.declared" value="${esc(run.readingsDeclared.source)}"/>`);
  return `${props.join('\n')}\n`;
}
