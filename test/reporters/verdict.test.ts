import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateGate } from '../../reporters/gate.js';
import { writeReports } from '../../reporters/index.js';
import { summarise } from '../../reporters/summary.js';
import { computeVerdict, formatMs, parseFailOn } from '../../reporters/verdict.js';
import { reportCommand } from '../../src/cli/report-command.js';
import type { Level, RunResult } from '../../src/model/index.js';
import { FAILING_REQUIREMENT, FAILING_SCENARIO, makeRun, makeScenarios } from './fixtures.js';
import { findAll, parseXml } from './xml-check.js';

/**
 * One verdict, every output: a failing SHOULD and a failing MUST, under --fail-on must and
 * must,should, give the same verdict in the exit code, the console lines, summary.md, junit.xml,
 * report.html, report.json and a merged report.
 */

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-verdict-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The fixture without its harness error, its one failing requirement at `level`. */
function runFailingAt(level: Level): RunResult {
  const run = makeRun(makeScenarios().filter((s) => s.outcome !== 'error'));
  return {
    ...run,
    requirements: run.requirements.map((r) => (r.id === FAILING_REQUIREMENT ? { ...r, level } : r)),
  };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const ICON = { conformant: '✅', nonconformant: '❌', incomplete: '⚠️' } as const;

/** Writes every format and a two-shard merge; returns what each output says the verdict is. */
async function everyOutput(run: RunResult, failOnFlag: string, name: string) {
  const dir = join(root, name);
  const written = await writeReports(run, {
    dir,
    formats: ['json', 'html', 'junit', 'markdown'],
    secrets: [],
    gate: { failOn: parseFailOn(failOnFlag) },
  });
  expect(written.failures).toEqual([]);
  const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
  const md = await readFile(join(dir, 'summary.md'), 'utf8');
  const xml = parseXml(await readFile(join(dir, 'junit.xml'), 'utf8'));
  const html = await readFile(join(dir, 'report.html'), 'utf8');

  // The same run split into shards 1/2 and 2/2, then merged by the CLI.
  const [first, ...rest] = run.scenarios;
  const shard = (index: number, scenarios: typeof run.scenarios) => ({
    ...run,
    shard: { index, count: 2 },
    scenarios,
  });
  const a = await writeReports(shard(1, first ? [first] : []), {
    dir: join(dir, 's1'),
    formats: ['json'],
    secrets: [],
  });
  const b = await writeReports(shard(2, rest), { dir: join(dir, 's2'), formats: ['json'], secrets: [] });
  const c = capture();
  const mergedCode = await reportCommand(
    [
      'merge',
      '--out',
      join(dir, 'merged'),
      '--fail-on',
      failOnFlag,
      join(a.dir, 'report.json'),
      join(b.dir, 'report.json'),
    ],
    c.io,
  );
  expect(c.err).toEqual([]);
  const merged = JSON.parse(await readFile(join(dir, 'merged', 'report.json'), 'utf8'));
  const mergedMd = await readFile(join(dir, 'merged', 'summary.md'), 'utf8');

  const suites = findAll(xml, 'testsuites')[0];
  const properties = findAll(xml, 'property').filter((p) => p.attrs.name === 'gate.verdict');
  return {
    verdict: written.verdict,
    exit: written.verdict.exitCode,
    console: written.verdict.lines,
    json: { summary: json.summary.verdict, gate: json.gate.verdict, exit: json.gate.exitCode },
    md: {
      headline: md.split('\n')[0],
      gateLine: md.split('\n').find((l) => l.startsWith('**gate')),
    },
    junit: {
      name: suites?.attrs.name,
      properties: [...new Set(properties.map((p) => p.attrs.value))],
    },
    html: {
      h1: /<h1>[^\n]*<\/h1>/.exec(html)?.[0],
      title: /<title>([^<]*)<\/title>/.exec(html)?.[1],
      gate: /<p id="gate" data-verdict="([a-z]+)">/.exec(html)?.[1],
    },
    merged: {
      exit: mergedCode,
      console: c.out,
      json: merged.gate.verdict,
      summary: merged.summary.verdict,
      headline: mergedMd.split('\n')[0],
    },
  };
}

const CASES: Array<{ failing: Level; flag: string; expected: 'conformant' | 'nonconformant' }> = [
  { failing: 'SHOULD', flag: 'must', expected: 'conformant' },
  { failing: 'SHOULD', flag: 'must,should', expected: 'nonconformant' },
  { failing: 'SHOULD', flag: 'Should', expected: 'nonconformant' },
  { failing: 'MUST', flag: 'must', expected: 'nonconformant' },
  { failing: 'MUST', flag: 'must,should', expected: 'nonconformant' },
  // The reported bug: --fail-on should with a failing MUST said conformant.
  { failing: 'MUST', flag: 'should', expected: 'nonconformant' },
];

describe('one verdict in every output', () => {
  for (const { failing, flag, expected } of CASES) {
    it(`a failing ${failing} under --fail-on ${flag}: ${expected} everywhere`, async () => {
      const o = await everyOutput(runFailingAt(failing), flag, `${failing}-${flag.replace(',', '-')}`);
      const exit = expected === 'conformant' ? 0 : 1;
      expect(o.verdict.verdict).toBe(expected);
      expect(o.exit).toBe(exit);
      expect(o.console.at(-1)).toMatch(new RegExp(`^gate: ${expected} \\(failing on MUST`));
      expect(o.console.join('\n')).toContain(FAILING_REQUIREMENT);
      expect(o.json).toEqual({ summary: expected, gate: expected, exit });
      expect(o.md.headline).toBe(`# Interactions API conformance: ${ICON[expected]} ${expected}`);
      expect(o.md.gateLine).toBe(`**${o.console.at(-1)}** · exit code ${exit}`);
      expect(o.junit.name).toBe(`interactions-conformance: ${expected}`);
      expect(o.junit.properties).toEqual([expected]);
      expect(o.html.h1).toContain(`<span class="badge v-${expected}">${expected}</span>`);
      expect(o.html.title).toBe(`Interactions API conformance: ${expected}`);
      expect(o.html.gate).toBe(expected);
      expect(o.merged.exit).toBe(exit);
      expect(o.merged.json).toBe(expected);
      expect(o.merged.summary).toBe(expected);
      expect(o.merged.headline).toBe(o.md.headline);
      expect(o.merged.console.at(-1)).toMatch(new RegExp(`^gate: ${expected} `));
    });
  }

  it('a non-gating SHOULD failure is listed and said to be left out of the gate', () => {
    const v = computeVerdict(runFailingAt('SHOULD'), { failOn: ['MUST'] });
    expect(v.notGating).toEqual([FAILING_REQUIREMENT]);
    expect(v.lines.join('\n')).toContain(
      `not gating: 1 failing SHOULD requirement(s) (failing on MUST only): ${FAILING_REQUIREMENT}`,
    );
  });

  it('a harness error makes the run incomplete, exit 1, in every format', async () => {
    const run = makeRun(makeScenarios().filter((s) => s.scenarioId !== FAILING_SCENARIO));
    const o = await everyOutput(run, 'must', 'incomplete');
    expect(o.verdict.verdict).toBe('incomplete');
    expect(o.exit).toBe(1);
    expect(o.json).toEqual({ summary: 'incomplete', gate: 'incomplete', exit: 1 });
    expect(o.junit.name).toBe('interactions-conformance: incomplete');
    expect(o.html.gate).toBe('incomplete');
    expect(o.merged.exit).toBe(1);
  });

  it('a contradicted declared reading fails the gate, with a line per point', async () => {
    const base = runFailingAt('SHOULD');
    const run: RunResult = {
      ...base,
      readings: [
        {
          point: 'refusal-status',
          question: 'Which HTTP status does a refusal carry?',
          declared: ['200'],
          observed: [
            { option: '200', scenarios: ['a'] },
            { option: '400', scenarios: ['accept-then-process', FAILING_SCENARIO] },
          ],
          status: 'differs',
        },
        {
          point: 'other',
          question: 'q',
          declared: ['x'],
          observed: [{ option: 'x', scenarios: ['a'] }],
          status: 'as-declared',
        },
      ],
    };
    const o = await everyOutput(run, 'must', 'reading');
    expect(o.verdict.verdict).toBe('nonconformant');
    expect(o.console).toContain(
      `reading refusal-status: declared 200, observed 400 (accept-then-process, ${FAILING_SCENARIO})`,
    );
    expect(o.md.headline).toContain('nonconformant');
    expect(o.merged.exit).toBe(1);
    expect(o.merged.console).toContain(
      `reading refusal-status: declared 200, observed 400 (accept-then-process, ${FAILING_SCENARIO})`,
    );
  });

  it('summarise and evaluateGate agree with computeVerdict (the old entry points)', () => {
    for (const level of ['MUST', 'SHOULD'] as const) {
      const run = runFailingAt(level);
      const v = computeVerdict(run);
      expect(summarise(run).verdict).toBe(v.verdict);
      expect(evaluateGate(run, { failOn: ['MUST'] })).toMatchObject({
        verdict: v.verdict,
        exitCode: v.exitCode,
      });
    }
  });

  it('parseFailOn: case-insensitive, SHOULD includes MUST, unknown refused', () => {
    expect(parseFailOn('must')).toEqual(['MUST']);
    expect(parseFailOn('Should')).toEqual(['MUST', 'SHOULD']);
    expect(parseFailOn(['MUST', 'should'])).toEqual(['MUST', 'SHOULD']);
    expect(() => parseFailOn('must,may')).toThrow(/unknown level "may"/);
    expect(() => parseFailOn('')).toThrow(/--fail-on/);
  });

  it('formatMs rounds durations for people', () => {
    expect(formatMs(4936.025551000001)).toBe('4936');
    expect(formatMs(3.2499)).toBe('3.2');
    expect(formatMs(0)).toBe('0');
  });

  it('a blocked MUST is never conformant, unless what blocked it is a failure the gate accepts', () => {
    const base = runFailingAt('SHOULD');
    const blocked = base.requirements.find((r) => r.verdict === 'blocked');
    expect(blocked?.id).toBe('IX-COMPLETE-02');
    // Blocked by a SHOULD failure that --fail-on must leaves out: it follows that failure.
    const accepted = computeVerdict(base, { failOn: ['MUST'] });
    expect(accepted.verdict).toBe('conformant');
    expect(accepted.lines.join('\n')).toContain(
      'blocked by an accepted failure: 1 requirement(s) (IX-COMPLETE-02)',
    );
    // Blocked by what the gate does not accept (here the run's spent budget): incomplete, saying why.
    const byBudget: RunResult = {
      ...base,
      requirements: base.requirements.map((r) =>
        r.id === 'IX-COMPLETE-02'
          ? {
              ...r,
              why: "blocked by (the run): the run's budget timeouts.run (1 s) was spent",
              blockedBy: { scenario: '(the run)', requirements: [], reason: 'budget spent' },
            }
          : r,
      ),
    };
    const gate = computeVerdict(byBudget, { failOn: ['MUST'] });
    expect(gate.verdict).toBe('incomplete');
    expect(gate.exitCode).toBe(1);
    expect(gate.lines.join('\n')).toContain(
      "BLOCKED 1 requirement(s) (IX-COMPLETE-02): blocked by (the run): the run's budget",
    );
    expect(gate.gate).toContain('1 requirement(s) blocked');
  });

  it('the console lists the scenarios that failed a requirement and counts the covering ones it leaves out', () => {
    const gate = computeVerdict(runFailingAt('MUST'), { failOn: ['MUST'] });
    const line = gate.lines.find((l) => l.startsWith(`FAIL ${FAILING_REQUIREMENT}`));
    expect(line).toContain(`[failed in ${FAILING_SCENARIO}`);
  });
});
