import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { startReferenceServer } from '../../src/server/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'readings-pin-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

// A refusal without a status of its own shows business-error-http-status.
const SCENARIOS = ['--scenario', 'unknown-interaction-id'];

async function run(target: string, ...extra: string[]) {
  const cli = capture();
  const code = await runCommand(
    [
      ...SCENARIOS,
      '--target',
      target,
      '--reporter',
      'json',
      '--report-dir',
      join(dir, `r${Math.random()}`),
      ...extra,
    ],
    cli.io,
  );
  return { code, text: [...cli.out, ...cli.err].join('\n') };
}

describe('pinning readings: --write-readings, then --readings', () => {
  it('passes on the same target, and fails naming the point once the target reads it otherwise', async () => {
    const file = join(dir, 'observed.yaml');
    const reference = await startReferenceServer({ port: 0 });
    try {
      const written = await run(reference.baseUrl, '--write-readings', file);
      expect(written.code, written.text).toBe(0);
      expect(await readFile(file, 'utf8')).toMatch(/^ {2}business-error-http-status: http-200$/m);
      const pinned = await run(reference.baseUrl, '--readings', file);
      expect(pinned.code, pinned.text).toBe(0);
    } finally {
      await reference.close();
    }
    const switched = await startReferenceServer({
      port: 0,
      readings: { 'business-error-http-status': 'http-4xx' },
    });
    try {
      const undeclared = await run(switched.baseUrl);
      expect(undeclared.code, 'with nothing declared, the other option is accepted').toBe(0);
      const pinned = await run(switched.baseUrl, '--readings', file);
      expect(pinned.code, pinned.text).toBe(1);
      expect(pinned.text).toMatch(
        /business-error-http-status.*declared http-200.*http-4xx|business-error-http-status.*http-4xx.*declared http-200/,
      );
    } finally {
      await switched.close();
    }
  }, 60_000);

  it('an unknown point or option in a declared file stops the run with file:line:col (exit 2)', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'readings:\n  business-error-http-statu: http-200\n  unknown-queue: refusd\n');
    const { code, text } = await run('http://127.0.0.1:9/api/v2', '--readings', file);
    expect(code).toBe(2);
    expect(text).toContain(`${file}:2:3`);
    expect(text).toContain('did you mean "business-error-http-status"');
    expect(text).toContain(`${file}:3:18`);
    expect(text).toContain('did you mean "refused"');
  });
});
