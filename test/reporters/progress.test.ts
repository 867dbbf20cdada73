import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import { ProgressReporter, type ProgressStream } from '../../reporters/progress.js';

class Captured implements ProgressStream {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 120,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

async function runWith(reporter: ProgressReporter): Promise<void> {
  const exitCode = process.exitCode;
  const vitest = await startVitest('test', [], {
    root: resolve(import.meta.dirname, '../..'),
    config: false,
    watch: false,
    include: ['test/reporters/progress-fixture/*.fixture.ts'],
    reporters: [reporter],
    sequence: { concurrent: false },
    pool: 'threads',
  });
  await vitest.close();
  // The inner run fails on purpose; that must not become this process's exit code.
  process.exitCode = exitCode;
}

describe('ProgressReporter', () => {
  it('prints one plain line per finished scenario when not on a terminal', async () => {
    const stream = new Captured(false);
    await runWith(new ProgressReporter({ stream }));
    const lines = stream.text.trim().split('\n');
    expect(lines).toEqual([
      '[1/4] PASS scenario one passes',
      '[2/4] FAIL scenario two breaks the contract',
      '[3/4] PASS scenario three passes',
      '[4/4] ERROR scenario four hits a harness error',
      '4/4 scenarios done, 1 failed, 1 errors',
    ]);
  }, 120_000);

  it('rewrites one line on a terminal, counting failures so far', async () => {
    const stream = new Captured(true);
    const before = process.env.CI;
    delete process.env.CI;
    try {
      await runWith(new ProgressReporter({ stream }));
    } finally {
      if (before !== undefined) process.env.CI = before;
    }
    expect(stream.text).not.toMatch(/\n(?!$)/); // no line breaks until the final summary
    const frames = stream.text.split('\r\u001b[2K').filter(Boolean);
    expect(frames[1]).toBe('scenarios 2/4 · 1 failed · 0 errors · scenario two breaks the contract');
    expect(frames.at(-1)).toBe('4/4 scenarios done, 1 failed, 1 errors\n');
  }, 120_000);

  it('uses plain lines in CI even on a terminal', () => {
    const before = process.env.CI;
    process.env.CI = 'true';
    try {
      const stream = new Captured(true);
      const reporter = new ProgressReporter({ stream });
      reporter.onTestRunEnd();
      expect(stream.text).toBe('0/0 scenarios done, 0 failed, 0 errors\n');
    } finally {
      if (before === undefined) delete process.env.CI;
      else process.env.CI = before;
    }
  });
});
