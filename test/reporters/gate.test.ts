import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBaseline, markKnownFailures, parseBaseline } from '../../reporters/baseline.js';
import { ReportError } from '../../reporters/errors.js';
import { evaluateGate } from '../../reporters/gate.js';
import type { RunResult } from '../../src/model/index.js';
import { FAILING_REQUIREMENT, makeRun, makeScenarios } from './fixtures.js';

const TODAY = new Date('2025-06-15T12:00:00Z');

/** The fixture without its harness error, with the failing requirement at the given level. */
function runFailingAt(level: 'MUST' | 'SHOULD'): RunResult {
  const run = makeRun(makeScenarios().filter((s) => s.outcome !== 'error'));
  return {
    ...run,
    requirements: run.requirements.map((r) => (r.id === FAILING_REQUIREMENT ? { ...r, level } : r)),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ic-gate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evaluateGate', () => {
  it('a SHOULD failure fails the gate only when SHOULD is in failOn', () => {
    const run = runFailingAt('SHOULD');
    expect(evaluateGate(run, { failOn: ['MUST'], today: TODAY }).exitCode).toBe(0);
    const strict = evaluateGate(run, { failOn: ['MUST', 'SHOULD'], today: TODAY });
    expect(strict.exitCode).toBe(1);
    expect(strict.lines.join('\n')).toContain(`FAIL ${FAILING_REQUIREMENT} (SHOULD`);
  });

  it('a MUST failure fails the gate', () => {
    expect(evaluateGate(runFailingAt('MUST'), { failOn: ['MUST'], today: TODAY }).exitCode).toBe(1);
  });

  it('a harness error fails the gate: an unjudged run is not conformant', () => {
    const run = makeRun(makeScenarios().filter((s) => s.outcome !== 'failed'));
    expect(run.requirements.some((r) => r.verdict === 'fail')).toBe(false);
    const gate = evaluateGate(run, { failOn: ['MUST'], today: TODAY });
    expect(gate.exitCode).toBe(1);
    expect(gate.lines.join('\n')).toMatch(/ERROR attach-user-data/);
  });

  it('a baseline excuses a listed failure', () => {
    const baseline = parseBaseline(
      `known-failures:\n  - requirement: ${FAILING_REQUIREMENT}\n    reason: vendor ticket 42\n    expires: 2025-07-01\n`,
      'known-failures.yaml',
    );
    const gate = evaluateGate(runFailingAt('MUST'), { failOn: ['MUST'], baseline, today: TODAY });
    expect(gate.exitCode).toBe(0);
    expect(gate.excused).toEqual([FAILING_REQUIREMENT]);
    expect(gate.stale).toEqual([]);
    const marked = markKnownFailures(runFailingAt('MUST').requirements, baseline, TODAY);
    expect(marked.find((r) => r.id === FAILING_REQUIREMENT)?.knownFailure?.reason).toBe('vendor ticket 42');
  });

  it('reports an entry whose requirement passes now, and an expired entry fails the gate again', () => {
    const baseline = parseBaseline(
      [
        'known-failures:',
        '  - requirement: IX-ACCEPT-01',
        '    reason: fixed upstream since',
        `  - requirement: ${FAILING_REQUIREMENT}`,
        '    reason: accepted until the vendor fixes it',
        '    expires: 2025-06-14',
      ].join('\n'),
      'known-failures.yaml',
    );
    const gate = evaluateGate(runFailingAt('MUST'), { failOn: ['MUST'], baseline, today: TODAY });
    expect(gate.exitCode).toBe(1);
    expect(gate.excused).toEqual([]);
    expect(gate.stale.sort()).toEqual(['IX-ACCEPT-01', FAILING_REQUIREMENT].sort());
    const text = gate.lines.join('\n');
    expect(text).toMatch(/IX-ACCEPT-01 \(known-failures\.yaml:2:5\): the requirement passes now/);
    expect(text).toMatch(/expired on 2025-06-14; it still fails/);
  });

  it('an entry is still live on its expiry day', () => {
    const baseline = parseBaseline(
      `known-failures:\n  - requirement: ${FAILING_REQUIREMENT}\n    reason: r\n    expires: 2025-06-15\n`,
      'b.yaml',
    );
    expect(evaluateGate(runFailingAt('MUST'), { failOn: ['MUST'], baseline, today: TODAY }).exitCode).toBe(0);
  });
});

describe('loadBaseline', () => {
  it('reads a file', async () => {
    const file = join(dir, 'ok.yaml');
    await writeFile(file, 'known-failures:\n  - requirement: IX-GET-02\n    reason: "answers 3"\n');
    expect(loadBaseline(file).entries).toEqual([
      { requirement: 'IX-GET-02', reason: 'answers 3', at: `${file}:2:5` },
    ]);
  });

  it('reports every bad entry with file:line:col', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      [
        'known-failures:',
        '  - requirement: complete-01',
        '    reason: lower case id',
        '  - requirement: IX-GET-02',
        '    expires: 31/12/2025',
        '    owner: someone',
      ].join('\n'),
    );
    let error: unknown;
    try {
      loadBaseline(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).code).toBe('BASELINE_INVALID');
    const lines = (error as ReportError).message.split('\n');
    expect(lines).toEqual([
      `${file}:2:18: requirement must be an id such as IX-COMPLETE-01`,
      `${file}:6:5: unknown field "owner" (allowed: requirement, reason, expires)`,
      `${file}:4:5: reason is required (say why the failure is accepted)`,
      `${file}:5:14: expires must be a date written YYYY-MM-DD`,
    ]);
  });

  it('reports a YAML syntax error with its position', async () => {
    const file = join(dir, 'syntax.yaml');
    await writeFile(file, 'known-failures:\n  - requirement: "IX-GET-02\n    reason: x\n');
    expect(() => loadBaseline(file)).toThrow(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
  });

  it('refuses a missing file with its own code', () => {
    try {
      loadBaseline(join(dir, 'absent.yaml'));
      expect.unreachable('loadBaseline must throw');
    } catch (err) {
      expect((err as ReportError).code).toBe('BASELINE_NOT_FOUND');
    }
  });
});
