import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export interface ProcessRun {
  wallMs: number;
  exitCode: number | null;
  /** Peak resident memory of the whole process (all threads), MiB. */
  peakMiB: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <script> …args` to its end and measures it from spawn to exit. */
export async function runNode(script: string, args: string[], workDir: string): Promise<ProcessRun> {
  const rssFile = join(workDir, `rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const probe = pathToFileURL(join(import.meta.dirname, 'rss-probe.js')).href;
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', probe, script, ...args], {
    cwd: workDir,
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const wallMs = performance.now() - start;
  let peakMiB = Number.NaN;
  try {
    peakMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
    rmSync(rssFile, { force: true });
  } catch {
    // No figure: the process died before its exit handler.
  }
  return { wallMs, exitCode, peakMiB, stdout, stderr };
}

/** The median of some figures, and their range, as `median (min–max)`. */
export function spread(values: number[], digits = 0): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const fmt = (v: number) => v.toFixed(digits);
  return sorted.length > 1
    ? `${fmt(median)} (${fmt(sorted[0] ?? Number.NaN)}–${fmt(sorted[sorted.length - 1] ?? Number.NaN)}, n=${sorted.length})`
    : fmt(median);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
