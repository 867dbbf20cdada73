import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = (await import(join(ROOT, 'package.json'), { with: { type: 'json' } })).default as {
  bin: Record<string, string>;
};

// `npm test` builds before it runs vitest: this checks what `npm ci` leaves for `npx interactions-conformance`.
describe('the installed command', () => {
  const bin = join(ROOT, pkg.bin['interactions-conformance'] ?? '');

  it('is an executable file that runs straight from the shell', async () => {
    expect(statSync(bin).mode & 0o111, `${bin} must be executable`).not.toBe(0);
    const { stdout } = await promisify(execFile)(bin, ['--help'], { timeout: 30_000 });
    expect(stdout).toContain('Usage: interactions-conformance <command>');
  });

  it('stops quietly when the reader closes the pipe early (list | head)', async () => {
    const { stdout, stderr } = await promisify(execFile)('sh', ['-c', `"${bin}" list | head -n 1`], {
      timeout: 30_000,
    });
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
  });
});
