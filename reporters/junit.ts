import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { RunResult, ScenarioResult, StepResult } from '../src/model/index.js';
import { stepLabel } from '../src/model/step-label.js';
import { packageRoot } from '../src/spec/paths.js';
import { readingsJunitProperties } from './readings-sections.js';
import { computeVerdict, type Verdict } from './verdict.js';

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

/**
 * A suite path as people read it: relative to the package root (where the bundled suites live), else
 * to the working directory (a project's own suites), else as given.
 */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  for (const base of [packageRoot(), process.cwd()]) {
    const rel = relative(base, file);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return file;
}

/**
 * The failure said once: the message names the requirements, the step and its reason; the body adds
 * only what the message does not hold (where the step is, failed checks whose text differs).
 */
function failureText(s: ScenarioResult): { message: string; details: string } {
  const failed = s.steps.filter((st) => st.outcome === 'failed');
  if (failed.length === 0) {
    const ids = s.requirements.join(', ');
    return { message: `${ids}: ${s.reason ?? 'failed'}`, details: `at ${displayPath(s.file)}:${s.pos.line}` };
  }
  const message = failed
    .map(
      (st) => `${failingIds(st).join(', ')}: ${stepLabel(st.index)} "${st.title}": ${st.reason ?? 'failed'}`,
    )
    .join(' | ');
  const details = failed.flatMap((st) => [
    `${stepLabel(st.index)} at ${displayPath(st.pos.file)}:${st.pos.line}:${st.pos.col}`,
    ...st.checks
      .filter((c) => !c.passed && !(st.reason ?? '').includes(c.message ?? 'mismatch'))
      .map((c) => `  ${c.name}: ${c.message ?? 'mismatch'}`),
  ]);
  return { message, details: details.join('\n') };
}

/** The requirements a failed step's failing checks stand for (a check may name its own). */
function failingIds(st: StepResult): string[] {
  const ids = st.checks
    .filter((c) => !c.passed)
    .flatMap((c) => (c.requirement ? [c.requirement] : st.requirements));
  return [...new Set(ids)];
}

/**
 * Requirements no check judged, each as a skipped testcase saying why (blocked by which failure,
 * or why not run), so that a CI test tab shows them with their reason.
 */
function unjudgedSuite(run: RunResult): string | undefined {
  const list = run.requirements.filter((r) => r.verdict === 'blocked' || r.verdict === 'not-run');
  if (list.length === 0) return undefined;
  const cases = list.map(
    (r) =>
      `    <testcase name="${escapeXml(`${r.id} (${r.level})`)}" classname="requirements" time="0">\n      <skipped message="${escapeXml(`${r.verdict}: ${r.why ?? r.verdict}`)}"/>\n    </testcase>`,
  );
  return `  <testsuite name="requirements not judged" tests="${list.length}" failures="0" errors="0" skipped="${list.length}" time="0" timestamp="${escapeXml(run.startedAt)}">\n${cases.join('\n')}\n  </testsuite>`;
}

function testcase(s: ScenarioResult): string {
  const head = `    <testcase name="${escapeXml(`${s.scenarioId}: ${s.title}`)}" classname="${escapeXml(displayPath(s.file))}" time="${seconds(s.durationMs)}"`;
  switch (s.outcome) {
    case 'passed':
      return `${head}/>`;
    case 'failed': {
      const { message, details } = failureText(s);
      return `${head}>\n      <failure message="${escapeXml(message)}" type="contract">${escapeXml(details)}</failure>\n    </testcase>`;
    }
    case 'error': {
      const reason = s.reason ?? 'harness error';
      return `${head}>\n      <error message="${escapeXml(reason)}" type="harness">at ${escapeXml(displayPath(s.file))}:${s.pos.line}</error>\n    </testcase>`;
    }
    default: {
      const reason = s.reason ?? (s.outcome === 'not-applicable' ? 'not applicable' : 'skipped');
      return `${head}>\n      <skipped message="${escapeXml(reason)}"/>\n    </testcase>`;
    }
  }
}

/** `wallMs`: the run's wall time (scenarios run in parallel, so their sum overstates it). */
function counts(list: ScenarioResult[], wallMs?: number) {
  return {
    tests: list.length,
    failures: list.filter((s) => s.outcome === 'failed').length,
    errors: list.filter((s) => s.outcome === 'error').length,
    skipped: list.filter((s) => s.outcome === 'skipped' || s.outcome === 'not-applicable').length,
    time: seconds(wallMs ?? list.reduce((sum, s) => sum + s.durationMs, 0)),
  };
}

function attrs(c: ReturnType<typeof counts>): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${c.time}"`;
}

/**
 * junit.xml: one testsuite per suite file (named by its path relative to the package root), one
 * testcase per scenario. The gate verdict names the testsuites element and is a property of every
 * testsuite, so a CI test tab shows the same verdict as the exit code.
 */
export function renderJunit(run: RunResult, verdict: Verdict = computeVerdict(run)): string {
  const byFile = new Map<string, ScenarioResult[]>();
  for (const s of run.scenarios) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const properties = [
    ['gate.verdict', verdict.verdict],
    ['gate.exit-code', String(verdict.exitCode)],
    ['gate.fail-on', verdict.failOn.join(',')],
    ['gate', verdict.gate],
  ]
    .map(
      ([name, value]) =>
        `      <property name="${escapeXml(name ?? '')}" value="${escapeXml(value ?? '')}"/>`,
    )
    .join('\n');
  // JUnit allows <properties> only inside a <testsuite>: each carries the gate and the run's readings.
  const readings = readingsJunitProperties(run, escapeXml);
  const suites = [...byFile.entries()].map(
    ([file, list]) =>
      `  <testsuite name="${escapeXml(displayPath(file))}" ${attrs(counts(list))} timestamp="${escapeXml(list[0]?.startedAt ?? run.startedAt)}">\n    <properties>\n${properties}\n${readings}    </properties>\n${list.map(testcase).join('\n')}\n  </testsuite>`,
  );
  const unjudged = unjudgedSuite(run);
  const all = counts(run.scenarios, run.durationMs);
  const unjudgedCount = unjudged
    ? run.requirements.filter((r) => r.verdict === 'blocked' || r.verdict === 'not-run').length
    : 0;
  const total = { ...all, tests: all.tests + unjudgedCount, skipped: all.skipped + unjudgedCount };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="interactions-conformance: ${escapeXml(verdict.verdict)}" ${attrs(total)}>\n${[...suites, ...(unjudged ? [unjudged] : [])].join('\n')}\n</testsuites>\n`;
}

export async function writeJunit(run: RunResult, dir: string, verdict?: Verdict): Promise<string> {
  const file = join(dir, 'junit.xml');
  await writeFile(file, renderJunit(run, verdict));
  return file;
}
