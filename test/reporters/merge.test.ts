import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../reporters/index.js';
import { validateReport } from '../../reporters/report-schema.js';
import { reportCommand } from '../../src/cli/report-command.js';
import type { RunResult } from '../../src/model/index.js';
import { FAILING_REQUIREMENT, makeRun, makeScenarios } from './fixtures.js';

let root: string;
let shard1: string;
let shard2: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

async function writeShard(name: string, run: RunResult): Promise<string> {
  const written = await writeReports(run, { dir: join(root, name), formats: ['json'], secrets: [] });
  return join(written.dir, 'report.json');
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-merge-'));
  const all = makeScenarios();
  shard1 = await writeShard('shard1', { ...makeRun(all.slice(0, 1)), shard: { index: 1, count: 2 } });
  shard2 = await writeShard('shard2', { ...makeRun(all.slice(1)), shard: { index: 2, count: 2 } });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('report merge', () => {
  it('joins two shards: the union of scenarios and verdicts recomputed over both', async () => {
    const shardDoc = JSON.parse(await readFile(shard2, 'utf8'));
    // Alone, shard 2 cannot see the accept scenario, so IX-ACCEPT-01 did not run there.
    expect(shardDoc.requirements.find((r: { id: string }) => r.id === 'IX-ACCEPT-01').verdict).toBe(
      'not-run',
    );

    const c = capture();
    const code = await reportCommand(['merge', '--out', join(root, 'merged'), shard1, shard2], c.io);
    expect(c.err.join('')).toBe('');
    expect(code).toBe(1); // the merged run still holds the failing MUST requirement
    const merged = JSON.parse(await readFile(join(root, 'merged', 'report.json'), 'utf8'));
    expect(validateReport(merged)).toEqual({ ok: true });
    expect(merged.shard).toBeUndefined();
    expect(merged.scenarios.map((s: { scenarioId: string }) => s.scenarioId)).toEqual(
      makeScenarios().map((s) => s.scenarioId),
    );
    const verdicts = Object.fromEntries(
      merged.requirements.map((r: { id: string; verdict: string }) => [r.id, r.verdict]),
    );
    const expected = Object.fromEntries(makeRun().requirements.map((r) => [r.id, r.verdict]));
    expect(verdicts).toEqual(expected);
    expect(verdicts['IX-ACCEPT-01']).toBe('pass');
    expect(verdicts[FAILING_REQUIREMENT]).toBe('fail');
    expect(c.out.join('')).toContain(`FAIL ${FAILING_REQUIREMENT}`);
    for (const f of ['report.html', 'junit.xml', 'summary.md'])
      expect((await readFile(join(root, 'merged', f), 'utf8')).length).toBeGreaterThan(0);
  });

  it('refuses shards of different suites (digest mismatch) with exit 2', async () => {
    const other = await writeShard('other', {
      ...makeRun(makeScenarios().slice(1)),
      suiteDigest: 'b'.repeat(64),
    });
    const c = capture();
    const code = await reportCommand(['merge', '--out', join(root, 'never'), shard1, other], c.io);
    expect(code).toBe(2);
    expect(c.err.join('')).toMatch(/suite digest "b{64}" differs/);
  });

  it('refuses shards of different real targets, accepts embedded servers on different ports', async () => {
    const external = (port: number, scenarios: ReturnType<typeof makeScenarios>) => {
      const run = makeRun(scenarios);
      return {
        ...run,
        target: { baseUrl: `http://127.0.0.1:${port}/api/v2`, cometdUrl: 'x', embedded: false },
      };
    };
    const a = await writeShard('ext-a', external(8090, makeScenarios().slice(0, 1)));
    const b = await writeShard('ext-b', external(8091, makeScenarios().slice(1)));
    const c = capture();
    expect(await reportCommand(['merge', '--out', join(root, 'never'), a, b], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/target .* differs/);

    const run = makeRun(makeScenarios().slice(1));
    const otherPort = await writeShard('other-port', {
      ...run,
      shard: { index: 2, count: 2 },
      target: { ...run.target, baseUrl: 'http://127.0.0.1:1/api/v2' },
    });
    const d = capture();
    expect(await reportCommand(['merge', '--out', join(root, 'ports'), shard1, otherPort], d.io)).toBe(1);
    expect(d.err.join('')).toBe('');
  });

  it('refuses the same shard given twice', async () => {
    const c = capture();
    expect(await reportCommand(['merge', '--out', join(root, 'never'), shard1, shard1], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/given twice/);
  });

  it('a missing file, or no --out, is a clear usage error', async () => {
    const c = capture();
    expect(
      await reportCommand(['merge', '--out', join(root, 'never'), join(root, 'absent.json')], c.io),
    ).toBe(2);
    expect(c.err.join('')).toMatch(/absent\.json: report not found/);
    const d = capture();
    expect(await reportCommand(['merge', shard1], d.io)).toBe(2);
    expect(d.err.join('')).toMatch(/--out DIR is required/);
  });

  it('a baseline excuses the failure in the merged gate', async () => {
    const baseline = join(root, 'known.yaml');
    await writeFile(
      baseline,
      `known-failures:\n  - requirement: ${FAILING_REQUIREMENT}\n    reason: vendor ticket 7\n`,
    );
    // The harness error in shard 2 still fails the gate; shard 1 plus a clean copy of the rest does not.
    const clean = await writeShard('clean', {
      ...makeRun(makeScenarios().slice(1, 3)),
      shard: { index: 2, count: 2 },
    });
    const c = capture();
    const code = await reportCommand(
      ['merge', '--out', join(root, 'excused'), '--baseline', baseline, shard1, clean],
      c.io,
    );
    expect(c.err.join('')).toBe('');
    expect(code).toBe(0);
    const merged = JSON.parse(await readFile(join(root, 'excused', 'report.json'), 'utf8'));
    expect(
      merged.requirements.find((r: { id: string }) => r.id === FAILING_REQUIREMENT).knownFailure,
    ).toEqual({
      reason: 'vendor ticket 7',
    });
  });

  it('refuses a merge with a shard missing, naming it, and writes no report', async () => {
    const all = makeScenarios().filter((s) => s.outcome !== 'failed' && s.outcome !== 'error');
    const a = await writeShard('of3-1', { ...makeRun(all.slice(0, 1)), shard: { index: 1, count: 3 } });
    const b = await writeShard('of3-2', { ...makeRun(all.slice(1)), shard: { index: 2, count: 3 } });
    const c = capture();
    const code = await reportCommand(['merge', '--out', join(root, 'partial'), a, b], c.io);
    expect(code).toBe(2);
    expect(c.err.join('\n')).toMatch(
      /^error \(MERGE_SHARDS\): shard 3\/3 missing \(given: 1\/3 .*of3-1.*, 2\/3 .*of3-2/,
    );
    expect(c.out.join('\n')).not.toMatch(/conformant/);
    await expect(readFile(join(root, 'partial', 'report.json'), 'utf8')).rejects.toThrow();
  });

  it('refuses a merge without shard 0 when the shards say there are exclusive scenarios', async () => {
    const all = makeScenarios().filter((s) => s.outcome !== 'failed' && s.outcome !== 'error');
    const shard = (index: number) => ({ index, count: 2, selected: all.length + 1, exclusive: 1 });
    const a = await writeShard('ex-1', { ...makeRun(all.slice(0, 1)), shard: shard(1) });
    const b = await writeShard('ex-2', { ...makeRun(all.slice(1)), shard: shard(2) });
    const c = capture();
    expect(await reportCommand(['merge', '--out', join(root, 'no-zero'), a, b], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(
      /^error \(MERGE_SHARDS\): shard 0\/2 \(the 1 exclusive scenarios\) missing \(given: 1\/2 .*ex-1/,
    );
    await expect(readFile(join(root, 'no-zero', 'report.json'), 'utf8')).rejects.toThrow();
  });

  it('refuses two different files claiming the same shard, and shards of different counts', async () => {
    const all = makeScenarios();
    const a = await writeShard('dup-a', { ...makeRun(all.slice(0, 1)), shard: { index: 1, count: 2 } });
    const b = await writeShard('dup-b', { ...makeRun(all.slice(1)), shard: { index: 1, count: 2 } });
    const c = capture();
    expect(await reportCommand(['merge', '--out', join(root, 'never'), a, b], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/shard 1\/2 given twice: .*dup-a.* and .*dup-b/);

    const d3 = await writeShard('count-3', { ...makeRun(all.slice(1)), shard: { index: 2, count: 3 } });
    const d = capture();
    expect(await reportCommand(['merge', '--out', join(root, 'never'), shard1, d3], d.io)).toBe(2);
    expect(d.err.join('\n')).toMatch(/shards of different counts: .* is 1\/2, .* is 2\/3/);

    const whole = await writeShard('whole', makeRun(all.slice(1)));
    const e = capture();
    expect(await reportCommand(['merge', '--out', join(root, 'never'), shard1, whole], e.io)).toBe(2);
    expect(e.err.join('\n')).toMatch(/whole.*not a shard report/);
  });

  it('refuses a baseline naming an unknown requirement, with its position and a suggestion', async () => {
    const baseline = join(root, 'unknown.yaml');
    await writeFile(baseline, 'known-failures:\n  - requirement: IX-COMPLETE-91\n    reason: typo\n');
    const c = capture();
    const code = await reportCommand(
      ['merge', '--out', join(root, 'never'), '--baseline', baseline, shard1, shard2],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err.join('\n')).toContain(
      `error (BASELINE_UNKNOWN_REQUIREMENT): ${baseline}:2:5: unknown requirement IX-COMPLETE-91 in the baseline; did you mean "IX-COMPLETE-01"?`,
    );
  });

  it('--fail-on levels are case-insensitive, SHOULD includes MUST, and an unknown level is exit 2', async () => {
    for (const level of ['should', 'Should', 'must', 'MUST,should']) {
      const c = capture();
      // The merged run holds a failing MUST: every accepted spelling fails the gate.
      expect(
        await reportCommand(
          ['merge', '--out', join(root, `lv-${level}`), '--fail-on', level, shard1, shard2],
          c.io,
        ),
        level,
      ).toBe(1);
      expect(c.out.join('\n')).toMatch(/gate: nonconformant \(failing on MUST( and SHOULD)?;/);
    }
    const c = capture();
    expect(
      await reportCommand(['merge', '--out', join(root, 'never'), '--fail-on', 'sometimes', shard1], c.io),
    ).toBe(2);
    expect(c.err.join('\n')).toMatch(
      /^error \(FAIL_ON_INVALID\): --fail-on: unknown level "sometimes"; levels are MUST or SHOULD, case-insensitive/,
    );
  });

  it('prints help', async () => {
    const c = capture();
    expect(await reportCommand(['--help'], c.io)).toBe(0);
    expect(c.out.join('')).toContain('report merge --out DIR');
    const d = capture();
    expect(await reportCommand(['frobnicate'], d.io)).toBe(2);
  });
});
