import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCommand } from '../../src/cli/run-command.js';
import { startReferenceServer } from '../../src/server/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

const SMALL = ['--scenario', 'complete-ends-the-interaction', '--scenario', 'complete-before-accept-refused'];

describe('run', () => {
  it('exits 0 against the embedded reference server on a small suite', async () => {
    const { out, err, io: cli } = io();
    const code = await runCommand([...SMALL, '--reporter', 'json', '--report-dir', dir], cli);
    expect(code, [...out, ...err].join('\n')).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as {
      scenarios: Array<{ scenarioId: string; outcome: string }>;
    };
    expect(report.scenarios.map((s) => [s.scenarioId, s.outcome]).sort()).toEqual([
      ['complete-before-accept-refused', 'passed'],
      ['complete-ends-the-interaction', 'passed'],
    ]);
    // What a filtered run leaves unjudged is counted, and says why.
    expect(out.join('\n')).toMatch(
      /not run: \d+ requirement\(s\) \(IX-[^)]*\): no scenario of this run covers it/,
    );
  });

  it('exits 1 against a broken target (an injected fault)', async () => {
    const { out, err, io: cli } = io();
    const code = await runCommand(
      [...SMALL, '--fault', 'ix-complete-01-wrong-family', '--reporter', 'json', '--report-dir', dir],
      cli,
    );
    expect(code, [...out, ...err].join('\n')).toBe(1);
    expect(out.join('\n')).toContain('FAIL complete-ends-the-interaction');
  });

  it('runs with --target against a server started separately', async () => {
    const server = await startReferenceServer({ port: 0 });
    try {
      const { out, err, io: cli } = io();
      const code = await runCommand(
        [...SMALL, '--target', server.baseUrl, '--reporter', 'json', '--report-dir', dir],
        cli,
      );
      expect(code, [...out, ...err].join('\n')).toBe(0);
      const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as {
        target: { baseUrl: string; embedded: boolean };
      };
      expect(report.target).toMatchObject({ baseUrl: server.baseUrl, embedded: false });
    } finally {
      await server.close();
    }
  });

  it('exits 2 with one clear message when the target does not answer', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { out, err, io: cli } = io();
    const code = await runCommand(
      [...SMALL, '--target', `http://127.0.0.1:${port}/api/v2`, '--reporter', 'json', '--report-dir', dir],
      cli,
    );
    expect(code, [...out, ...err].join('\n')).toBe(2);
    expect(err.join('\n')).toContain('the target does not answer');
    expect(err.join('\n')).toContain('ECONNREFUSED');
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('exits 2 before running when a shard gets too few agents for one of its scenarios', async () => {
    const { out, err, io: cli } = io();
    // 24 agents in 12 shards: shard 1 gets agent01 and agent13; this scenario needs three agents.
    // Through main: the configuration error exits 2 with its code, without a stack trace.
    const code = await main(
      [
        'run',
        '--scenario',
        'transfer-from-alice-to-bob',
        '--shard',
        '1/12',
        '--reporter',
        'json',
        '--report-dir',
        dir,
      ],
      cli,
    );
    expect(code, [...out, ...err].join('\n')).toBe(2);
    expect(err.join('\n')).toContain(
      'shard 1/12 gets 2 of 24 agents; scenario transfer-from-alice-to-bob needs 3: add agents or use fewer shards',
    );
    expect(err.join('\n')).toContain('IC_E_SHARD_ACTORS');
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
    expect(out.join('\n')).not.toContain('target:');
  });

  it('exits 2 on a usage error, without a stack trace', async () => {
    const { err, io: cli } = io();
    expect(await runCommand(['--no-such-flag'], cli)).toBe(2);
    expect(err.join('\n')).toContain('Usage: interactions-conformance run');
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });
});
