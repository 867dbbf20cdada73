import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultReportDir, writeReports } from '../../reporters/index.js';
import { validateReport } from '../../reporters/report-schema.js';
import { FAILING_REQUIREMENT, FAILING_SCENARIO, makeRun, PLANTED, SECRETS } from './fixtures.js';
import { findAll, parseXml } from './xml-check.js';

let root: string;
let dir: string;
let files: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-reports-'));
  const written = await writeReports(makeRun(), {
    dir: join(root, 'out'),
    formats: ['json', 'html', 'junit', 'markdown', 'allure'],
    secrets: [SECRETS.password],
  });
  expect(written.failures).toEqual([]);
  dir = written.dir;
  files = written.files;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('report formats', () => {
  it('writes every format into the given directory', () => {
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual([
      'junit.xml',
      'report.html',
      'report.json',
      'summary.md',
    ]);
  });

  it('report.json validates against its schema and records the failing requirement', async () => {
    const doc = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(validateReport(doc)).toEqual({ ok: true });
    expect(doc.reportVersion).toBe('2.0.0');
    const failing = doc.requirements.filter((r: { verdict: string }) => r.verdict === 'fail');
    expect(failing.map((r: { id: string }) => r.id)).toEqual([FAILING_REQUIREMENT]);
    expect(failing[0].scenarios).toContain(FAILING_SCENARIO);
    expect(doc.summary.verdict).toBe('nonconformant');
    // Arrival times relative to the step that consumed the message.
    const step = doc.scenarios[0].steps[1];
    expect(step.messages[0].sinceStepMs).toBe(step.messages[0].atMs - step.startedAtMs);
  });

  it('the schema rejects a report that lacks a verdict', async () => {
    const doc = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    delete doc.requirements[0].verdict;
    const result = validateReport(doc);
    expect(result.ok).toBe(false);
  });

  it('junit.xml parses and counts the same failures as report.json', async () => {
    const xml = parseXml(await readFile(join(dir, 'junit.xml'), 'utf8'));
    const doc = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    // One testcase per scenario, plus one per requirement no check judged (skipped, saying why).
    const all = findAll(xml, 'testcase');
    const cases = all.filter((c) => c.attrs.classname !== 'requirements');
    expect(cases).toHaveLength(doc.scenarios.length);
    const unjudged = all.filter((c) => c.attrs.classname === 'requirements');
    expect(unjudged).toHaveLength(
      doc.requirements.filter((r: { verdict: string }) => r.verdict === 'blocked' || r.verdict === 'not-run')
        .length,
    );
    const failures = findAll(xml, 'failure');
    expect(failures).toHaveLength(doc.summary.scenarios.failed);
    expect(failures[0]?.attrs.message).toContain(FAILING_REQUIREMENT);
    expect(findAll(xml, 'error')).toHaveLength(doc.summary.scenarios.error);
    expect(findAll(xml, 'skipped')[0]?.attrs.message).toMatch(/not claimed/);
    expect(findAll(xml, 'skipped').map((s) => s.attrs.message)).toContainEqual(
      expect.stringMatching(/^blocked: blocked by complete-answers-status-code step 3 \[IX-COMPLETE-01\]/),
    );
    const top = findAll(xml, 'testsuites')[0];
    expect(top?.attrs.failures).toBe(String(doc.summary.scenarios.failed));
    expect(cases.map((c) => c.attrs.classname)).toContain('suites/core/complete.yaml');
  });

  it('summary.md names the failing requirement with its scenario and reason', async () => {
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md).toMatch(/nonconformant/);
    expect(md).toContain(`**${FAILING_REQUIREMENT}**`);
    expect(md).toContain(FAILING_SCENARIO);
    expect(md).toContain('body.statusCode: expected 0');
    expect(md).toMatch(/\| core \| .* fail \| 3 \| 1 \|/);
  });

  it('no written file contains a planted secret', async () => {
    const names = await readdir(dir);
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) {
      const text = await readFile(join(dir, name), 'utf8');
      for (const secret of PLANTED) expect(text, `${name} leaks ${secret}`).not.toContain(secret);
    }
  });

  it('the leak check can see a leak (the unredacted fixture holds every planted secret)', () => {
    const raw = JSON.stringify(makeRun());
    for (const secret of PLANTED) expect(raw).toContain(secret);
  });
});

describe('writeReports', () => {
  it('one failing writer does not stop the others', async () => {
    const out = join(root, 'broken');
    await mkdir(join(out, 'report.html'), { recursive: true }); // a folder where the file must go
    const written = await writeReports(makeRun(), {
      dir: out,
      formats: ['html', 'json', 'junit'],
      secrets: [],
    });
    expect(written.failures.map((f) => [f.format, f.code])).toEqual([['html', 'WRITER_FAILED']]);
    expect(written.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['junit.xml', 'report.json']);
  });

  it('without a dir writes reports/<timestamp>/ and points reports/latest at it', async () => {
    const project = join(root, 'project');
    const written = await writeReports(makeRun(), { root: project, formats: ['json'], secrets: [] });
    expect(written.dir.startsWith(join(project, 'reports'))).toBe(true);
    const latest = await readFile(join(project, 'reports', 'latest', 'report.json'), 'utf8');
    expect(latest).toBe(await readFile(join(written.dir, 'report.json'), 'utf8'));
  });

  it('links reports/latest to a directory chosen before the run when asked', async () => {
    const project = join(root, 'chosen');
    const chosen = defaultReportDir(project, new Date('2025-05-01T10:00:00Z'));
    expect(chosen).toBe(join(project, 'reports', '2025-05-01T10-00-00-000Z'));
    await writeReports(makeRun(), {
      dir: chosen,
      root: project,
      linkLatest: true,
      formats: ['markdown'],
      secrets: [],
    });
    expect(await readFile(join(project, 'reports', 'latest', 'summary.md'), 'utf8')).toContain(
      FAILING_REQUIREMENT,
    );
  });

  it('appends summary.md to GITHUB_STEP_SUMMARY when it is set', async () => {
    const summaryFile = join(root, 'step-summary.md');
    await writeFile(summaryFile, 'earlier step\n');
    const before = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summaryFile;
    try {
      await writeReports(makeRun(), {
        dir: join(root, 'gh'),
        formats: ['json'],
        secrets: [SECRETS.password],
      });
    } finally {
      if (before === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = before;
    }
    const text = await readFile(summaryFile, 'utf8');
    expect(text.startsWith('earlier step\n')).toBe(true);
    expect(text).toContain(FAILING_REQUIREMENT);
    expect(text).not.toContain(SECRETS.password);
  });
});
