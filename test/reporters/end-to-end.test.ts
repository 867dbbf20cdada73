import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../reporters/report-schema.js';
import { runCommand } from '../../src/cli/run-command.js';
import { findAll, parseXml } from './xml-check.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FAULT = 'ix-complete-01-wrong-family';
const BROKEN = 'IX-COMPLETE-01';
// The configured passwords are the planted secrets: the embedded server accepts exactly these.
const AGENTS = ['agent01', 'agent02', 'agent03', 'agent04', 'agent05', 'agent06'];
const PASSWORDS = [...AGENTS.map((a) => `${a}-pass`), 'admin-pass', 'norole-pass'];
const BASIC = AGENTS.map((a) => Buffer.from(`${a}:${a}-pass`).toString('base64'));

let dir: string;
let reportDir: string;
let exitCode: number;
let output = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ic-e2e-'));
  reportDir = join(dir, 'reports');
  const config = join(dir, 'harness.config.yaml');
  await writeFile(
    config,
    [
      'target:',
      `  embedded: { csrf: true, faults: [${FAULT}] }`,
      'actors:',
      '  agents:',
      ...AGENTS.map((a) => `    - { username: ${a}, password: ${a}-pass }`),
      '  admins: [{ username: admin, password: admin-pass }]',
      '  norole: [{ username: norole, password: norole-pass }]',
      'provisioner: { kind: http, prefix: /control/v1 }',
      'profiles: [core, userdata, queue, workbin, transfer, email, admin]',
      `suites: [${join(ROOT, 'suites', 'complete.yaml')}]`,
      'concurrency: 2',
      'reports:',
      '  formats: [json, html, junit, markdown, allure]',
      '  failOn: [MUST]',
    ].join('\n'),
  );
  const append = (t: string): void => {
    output += `${t}\n`;
  };
  const io = { out: append, err: append };
  exitCode = await runCommand(['--config', config, '--report-dir', reportDir], io);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a run against the reference server with one injected fault', () => {
  it('exits 1 (nonconformant)', () => {
    expect(exitCode, output).toBe(1);
  });

  it('report.json validates and records the broken requirement as failing', async () => {
    const doc = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
    expect(validateReport(doc)).toEqual({ ok: true });
    const failing = doc.requirements
      .filter((r: { verdict: string }) => r.verdict === 'fail')
      .map((r: { id: string }) => r.id);
    expect(failing).toContain(BROKEN);
    expect(doc.summary.verdict).toBe('nonconformant');
  });

  it('junit.xml parses and counts the same failed scenarios', async () => {
    const doc = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
    const xml = parseXml(await readFile(join(reportDir, 'junit.xml'), 'utf8'));
    expect(findAll(xml, 'testcase').filter((c) => c.attrs.classname !== 'requirements')).toHaveLength(
      doc.scenarios.length,
    );
    const failures = findAll(xml, 'failure');
    expect(failures).toHaveLength(doc.summary.scenarios.failed);
    expect(failures.some((f) => f.attrs.message?.includes(BROKEN))).toBe(true);
  });

  it('summary.md names the broken requirement', async () => {
    expect(await readFile(join(reportDir, 'summary.md'), 'utf8')).toContain(`**${BROKEN}**`);
  });

  it('the allure results hold one result per scenario', async () => {
    const doc = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
    const names = await readdir(join(reportDir, 'allure-results'));
    const results = await Promise.all(
      names
        .filter((n) => n.endsWith('-result.json'))
        .map(async (n) => JSON.parse(await readFile(join(reportDir, 'allure-results', n), 'utf8'))),
    );
    expect(results).toHaveLength(doc.scenarios.length);
    const labelled = results.filter((r: { labels: Array<{ name: string; value: string }> }) =>
      r.labels.some((l) => l.name === 'requirement' && l.value === BROKEN),
    );
    expect(labelled.length).toBeGreaterThan(0);
  });

  it('no report file holds a configured password, a credential, a session cookie or a CSRF token', async () => {
    const files: string[] = [];
    const walk = async (d: string): Promise<void> => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(d, e.name));
        else files.push(join(d, e.name));
      }
    };
    await walk(reportDir);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const secret of [...PASSWORDS, ...BASIC])
        expect(text, `${file} leaks ${secret}`).not.toContain(secret);
      expect(text, `${file} leaks a session cookie`).not.toMatch(/JSESSIONID=(?!\[REDACTED\])[^;"\s\\]+/);
    }
    // CSRF protection was on: the token headers exist in the exchanges, and only redacted.
    const doc = await readFile(join(reportDir, 'report.json'), 'utf8');
    const tokens = [...doc.matchAll(/"x-csrf-token": "([^"]*)"/gi)].map((m) => m[1]);
    expect(tokens.length).toBeGreaterThan(0);
    expect(new Set(tokens)).toEqual(new Set(['[REDACTED]']));
  });
});
