import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult, ScenarioResult } from '../src/model/index.js';
import { readingsJunitProperties } from './readings-sections.js';

/** Escapes text for XML attributes and content, and drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** `IX-COMPLETE-01: step 3 "bob completes": body.statusCode …` for each failed step. */
function failureText(s: ScenarioResult): { message: string; details: string } {
  const failed = s.steps.filter((st) => st.outcome === 'failed');
  if (failed.length === 0) {
    const ids = s.requirements.join(', ');
    return { message: `${ids}: ${s.reason ?? 'failed'}`, details: s.reason ?? '' };
  }
  const lines = failed.map(
    (st) => `${st.requirements.join(', ')}: step ${st.index + 1} "${st.title}": ${st.reason ?? 'failed'}`,
  );
  const checks = failed.flatMap((st) =>
    st.checks
      .filter((c) => !c.passed)
      .map((c) => `  ${c.name}: ${c.message ?? 'mismatch'} (${st.pos.file}:${st.pos.line}:${st.pos.col})`),
  );
  return { message: lines.join(' | '), details: [...lines, ...checks].join('\n') };
}

function testcase(s: ScenarioResult): string {
  const head = `    <testcase name="${escapeXml(`${s.scenarioId}: ${s.title}`)}" classname="${escapeXml(s.file)}" time="${seconds(s.durationMs)}"`;
  switch (s.outcome) {
    case 'passed':
      return `${head}/>`;
    case 'failed': {
      const { message, details } = failureText(s);
      return `${head}>\n      <failure message="${escapeXml(message)}" type="contract">${escapeXml(details)}</failure>\n    </testcase>`;
    }
    case 'error': {
      const reason = s.reason ?? 'harness error';
      return `${head}>\n      <error message="${escapeXml(reason)}" type="harness">${escapeXml(reason)}</error>\n    </testcase>`;
    }
    default: {
      const reason = s.reason ?? (s.outcome === 'not-applicable' ? 'not applicable' : 'skipped');
      return `${head}>\n      <skipped message="${escapeXml(reason)}"/>\n    </testcase>`;
    }
  }
}

function counts(list: ScenarioResult[]) {
  return {
    tests: list.length,
    failures: list.filter((s) => s.outcome === 'failed').length,
    errors: list.filter((s) => s.outcome === 'error').length,
    skipped: list.filter((s) => s.outcome === 'skipped' || s.outcome === 'not-applicable').length,
    time: seconds(list.reduce((sum, s) => sum + s.durationMs, 0)),
  };
}

function attrs(c: ReturnType<typeof counts>): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.time}"`;
}

/** junit.xml: one testsuite per suite file, one testcase per scenario. */
export function renderJunit(run: RunResult): string {
  const byFile = new Map<string, ScenarioResult[]>();
  for (const s of run.scenarios) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  // JUnit allows <properties> only inside a <testsuite>: each carries the run's readings.
  const properties = readingsJunitProperties(run, escapeXml);
  const suites = [...byFile.entries()].map(
    ([file, list]) =>
      `  <testsuite name="${escapeXml(file)}" ${attrs(counts(list))} timestamp="${escapeXml(list[0]?.startedAt ?? run.startedAt)}">\n${properties}${list.map(testcase).join('\n')}\n  </testsuite>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="interactions-conformance" ${attrs(counts(run.scenarios))}>\n${suites.join('\n')}\n</testsuites>\n`;
}

export async function writeJunit(run: RunResult, dir: string): Promise<string> {
  const file = join(dir, 'junit.xml');
  await writeFile(file, renderJunit(run));
  return file;
}
