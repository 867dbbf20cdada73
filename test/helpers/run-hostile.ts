import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../src/cli/run-command.js';
import type { RunResult } from '../../src/model/index.js';
import { type HostileBehaviour, type HostileOptions, startHostileTarget } from './hostile-target.js';

export const REPORT_FILES = ['report.json', 'report.html', 'junit.xml', 'summary.md'];
export const COMPLETE_SUITE = join(import.meta.dirname, '../../suites/complete.yaml');
export const ALL_SUITES = join(import.meta.dirname, '../../suites');
/** Small bounds, so that each hostile run of the tests is short. */
export const SMALL_TIMEOUTS = '{ request: 2s, message: 3s, handshake: 2s, scenario: 30s, run: 5m }';

export interface HostileRun {
  code: number;
  out: string;
  err: string;
  dir: string;
  /** Wall time of the CLI run, in ms. */
  ms: number;
  /** Which of REPORT_FILES the run wrote. */
  written: string[];
  /** `down-halfway`: ms from the start of the run to the moment the target stopped answering. */
  downMs?: number;
  report?: RunResult;
  junit?: string;
  summary?: string;
  html?: string;
}

/**
 * Runs the CLI (`run`, every report format but Allure) against a hostile target in a fresh folder;
 * returns what it printed and wrote. One at a time: a run hands its plan to vitest through the
 * process environment.
 */
export async function runHostile(
  behaviour: HostileBehaviour,
  args: string[] = ['--suite', COMPLETE_SUITE],
  opts: HostileOptions & { timeouts?: string } = {},
): Promise<HostileRun> {
  const dir = await mkdtemp(join(tmpdir(), `hostile-${behaviour}-`));
  const target = await startHostileTarget(behaviour, opts);
  const reportDir = join(dir, 'reports');
  const config = join(dir, 'config.yaml');
  await writeFile(
    config,
    `target: { baseUrl: ${target.baseUrl} }\ntimeouts: ${opts.timeouts ?? SMALL_TIMEOUTS}\nconcurrency: 4\n`,
  );
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  try {
    const code = await runCommand(
      ['--config', config, '--report-dir', reportDir, '--reporter', 'json,html,junit,markdown', ...args],
      { out: (t) => out.push(t), err: (t) => err.push(t) },
    );
    const ms = performance.now() - started;
    const downAt = target.downAt;
    const read = async (name: string) =>
      existsSync(join(reportDir, name)) ? await readFile(join(reportDir, name), 'utf8') : undefined;
    const json = await read('report.json');
    const junit = await read('junit.xml');
    const summary = await read('summary.md');
    const html = await read('report.html');
    const written = REPORT_FILES.filter((f) => existsSync(join(reportDir, f)));
    return {
      code,
      out: out.join('\n'),
      err: err.join('\n'),
      dir: reportDir,
      ms,
      written,
      ...(downAt === undefined ? {} : { downMs: downAt - started }),
      ...(json ? { report: JSON.parse(json) as RunResult } : {}),
      ...(junit ? { junit } : {}),
      ...(summary ? { summary } : {}),
      ...(html ? { html } : {}),
    };
  } finally {
    await target.close();
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
