import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneStepSuite } from '../../bench/generate.js';
import type { RunResult } from '../../src/model/index.js';

/**
 * The built CLI runs the conformance test file in its own thread (the in-process pool); the
 * harness's other tests call the engine from inside a vitest worker, where it uses a worker thread
 * instead. These run what users run: the built command, in a process of its own.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/src/cli/main.js');
const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'in-process-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function report(reportDir: string): Promise<RunResult> {
  return JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunResult;
}

describe('the built CLI, scenarios run in its own thread', () => {
  it('passes the whole suite against the embedded server', async () => {
    const reportDir = join(dir, 'all');
    const { stdout } = await run(
      process.execPath,
      [MAIN, 'run', '--reporter', 'json', '--report-dir', reportDir],
      {
        cwd: dir,
        timeout: 120_000,
      },
    );
    expect(stdout).toContain('gate: conformant');
    const r = await report(reportDir);
    expect(r.scenarios.length).toBeGreaterThan(80);
    expect(r.scenarios.filter((s) => s.outcome !== 'passed').map((s) => s.scenarioId)).toEqual([]);
  }, 130_000);

  it('fails a server with a fault, naming its requirement', async () => {
    const reportDir = join(dir, 'fault');
    const err = await run(
      process.execPath,
      [
        MAIN,
        'run',
        '--fault',
        'ix-me-03-others-listed',
        '--requirement',
        'IX-ME-03',
        '--reporter',
        'json',
        '--report-dir',
        reportDir,
      ],
      { cwd: dir, timeout: 120_000 },
    ).then(
      () => undefined,
      (e: { code?: number; stdout?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stdout).toContain('gate: nonconformant');
    const r = await report(reportDir);
    expect(r.requirements.find((q) => q.id === 'IX-ME-03')?.verdict).toBe('fail');
  }, 130_000);

  it('gives the process back as it was: process.exit, console, error listeners; a second run works', async () => {
    // The bench's one-step scenario (one GET) is what runs in this process.
    const suite = oneStepSuite(dir);
    const script = `
import { main } from ${JSON.stringify(pathToFileURL(MAIN).href)};
const exit = process.exit;
const consoleBefore = console;
const errorListeners = () => process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
const listenersBefore = errorListeners();
const io = { out: () => {}, err: (t) => process.stderr.write(t + '\\n') };
const state = () => ({ exit: process.exit === exit, console: console === consoleBefore, listeners: errorListeners() === listenersBefore });
const args = (d) => ['run', '--suite', ${JSON.stringify(suite)}, '--reporter', 'json', '--report-dir', d];
const first = await main(args(${JSON.stringify(join(dir, 'r1'))}), io);
const inProcess = globalThis.__vitest_worker__ !== undefined;
const afterFirst = state();
const second = await main(args(${JSON.stringify(join(dir, 'r2'))}), io);
console.log(JSON.stringify({ first, second, inProcess, afterFirst, afterSecond: state() }));
`;
    // The process must also end by itself: a handle left open would run into the timeout.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      timeout: 60_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(out).toEqual({
      first: 0,
      second: 0,
      // The first run's test runtime lived in this thread; the second, finding it there, used a worker.
      inProcess: true,
      afterFirst: { exit: true, console: true, listeners: true },
      afterSecond: { exit: true, console: true, listeners: true },
    });
    for (const d of ['r1', 'r2']) {
      expect(existsSync(join(dir, d, 'report.json'))).toBe(true);
      expect((await report(join(dir, d))).scenarios.map((s) => s.outcome)).toEqual(['passed']);
    }
  }, 70_000);
});
