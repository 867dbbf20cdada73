import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import { allureVitestConfig } from '../../reporters/vitest-reporters.js';
import { makeScenarios, PLANTED } from './fixtures.js';

interface AllureResult {
  name: string;
  status: string;
  labels: Array<{ name: string; value: string }>;
  links: Array<{ url: string; type?: string }>;
  steps: Array<{ name: string; status: string; steps: Array<{ attachments: Array<{ name: string }> }> }>;
}

let dir: string;
let results: AllureResult[];
let resultsDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ic-allure-'));
  const allure = await allureVitestConfig(dir);
  resultsDir = allure.resultsDir;
  const root = resolve(import.meta.dirname, '../..');
  const vitest = await startVitest('test', [], {
    root,
    config: false,
    watch: false,
    include: ['test/reporters/allure-fixture/*.fixture.ts'],
    reporters: [allure.reporter],
    setupFiles: allure.setupFiles,
    pool: 'threads',
  });
  await vitest.close();
  const names = await readdir(resultsDir);
  results = await Promise.all(
    names
      .filter((n) => n.endsWith('-result.json'))
      .map(async (n) => JSON.parse(await readFile(join(resultsDir, n), 'utf8'))),
  );
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Allure results', () => {
  it('holds one result per scenario', () => {
    expect(results.map((r) => r.name).sort()).toEqual(
      makeScenarios()
        .map((s) => s.scenarioId)
        .sort(),
    );
  });

  it('labels each result with its requirement ids, profile, suite file, and links the requirements', () => {
    const failing = results.find((r) => r.name === 'complete-answers-status-code');
    const labels = (name: string) => failing?.labels.filter((l) => l.name === name).map((l) => l.value) ?? [];
    expect(labels('requirement')).toEqual(
      expect.arrayContaining(['IX-COMPLETE-01', 'IX-COMPLETE-02', 'IX-ACCEPT-02']),
    );
    expect(labels('feature')).toEqual(['core']);
    expect(labels('suite')).toEqual(['suites/core/complete.yaml']);
    expect(labels('tag')).toEqual(['complete']);
    expect(failing?.links.map((l) => l.url)).toContain('requirement:IX-COMPLETE-01');
  });

  it('records one step per StepResult with its status and attachments', () => {
    const failing = results.find((r) => r.name === 'complete-answers-status-code');
    expect(failing?.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'failed', 'skipped']);
    // allure-js 3 files each attachment as a child step carrying it.
    const attached = failing?.steps[2]?.steps.flatMap((s) => s.attachments.map((a) => a.name));
    expect(attached).toEqual(['request', 'response', 'failed checks']);
    const errored = results.find((r) => r.name === 'attach-user-data');
    expect(errored?.steps.map((s) => s.status)).toEqual(['broken']);
  });

  it("shows the target's failures as failed and only harness errors as broken", () => {
    const status = (name: string) => results.find((r) => r.name === name)?.status;
    expect(status('complete-answers-status-code')).toBe('failed');
    expect(status('attach-user-data')).toBe('broken');
    expect(results.filter((r) => r.status === 'broken').map((r) => r.name)).toEqual(['attach-user-data']);
  });

  it('attachments carry no planted secret', async () => {
    const names = await readdir(resultsDir);
    const attachments = names.filter((n) => n.includes('-attachment'));
    expect(attachments.length).toBeGreaterThan(0);
    for (const name of names) {
      const text = await readFile(join(resultsDir, name), 'utf8');
      for (const secret of PLANTED) expect(text, `${name} leaks ${secret}`).not.toContain(secret);
    }
  });
});
