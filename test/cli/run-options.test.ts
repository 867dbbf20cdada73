import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';

/** `run` options that decide what is judged: the provisioner, the claimed profiles, --bail. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-options-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Report {
  scenarios: Array<{ scenarioId: string; outcome: string; reason?: string }>;
  requirements: Array<{ id: string; verdict: string }>;
}

/** Runs `run` in-process against the embedded server; the JSON report goes to the test's folder. */
async function run(args: string[], config?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const configArgs: string[] = [];
  if (config !== undefined) {
    const file = join(dir, 'harness.config.yaml');
    await writeFile(file, config);
    configArgs.push('--config', file);
  }
  const code = await runCommand(
    [...configArgs, ...args, '--reporter', 'json', '--report-dir', join(dir, 'report')],
    { out: (t) => out.push(t), err: (t) => err.push(t) },
  );
  const text = [...out, ...err].join('\n');
  const report = JSON.parse(await readFile(join(dir, 'report', 'report.json'), 'utf8')) as Report;
  const outcome = (id: string) => report.scenarios.find((s) => s.scenarioId === id);
  const verdict = (id: string) => report.requirements.find((r) => r.id === id)?.verdict;
  return { code, text, out: out.join('\n'), report, outcome, verdict };
}

const scenarios = (...ids: string[]) => ids.flatMap((id) => ['--scenario', id]);

describe('run options', () => {
  it('provisioner none: scenarios that provision are not applicable and do not fail the gate', async () => {
    // The fault breaks Complete: had the provisioning scenarios run, the gate would fail.
    const r = await run(
      [
        ...scenarios(
          'complete-ends-the-interaction',
          'complete-before-accept-refused',
          'get-unknown-interaction',
        ),
        '--fault',
        'ix-complete-01-wrong-family',
      ],
      'provisioner: { kind: none }\n',
    );
    expect(r.code, r.text).toBe(0);
    for (const id of ['complete-ends-the-interaction', 'complete-before-accept-refused']) {
      expect(r.outcome(id)).toMatchObject({
        outcome: 'not-applicable',
        reason: 'the scenario needs provisioning and no provisioner is configured',
      });
    }
    expect(r.outcome('get-unknown-interaction')?.outcome).toBe('passed');
    expect(r.verdict('IX-COMPLETE-01')).toBe('not-applicable');
    expect(r.verdict('IX-GET-02')).toBe('pass');
    expect(r.out).toContain('scenarios: 3 (1 passed, 0 failed, 0 errors, 2 not applicable, 0 skipped)');
    expect(r.out).toContain('gate: conformant');
  });

  it('claimed profiles: scenarios of the other profiles are not applicable', async () => {
    // The fault breaks Cancel on an unknown id (email): had that scenario run, the gate would fail.
    const r = await run(
      [
        ...scenarios('get-unknown-interaction', 'put-unknown-interaction', 'cancel-unknown-id-refused'),
        '--fault',
        'ix-op-04-unknown-id-ok',
      ],
      'profiles: [core]\n',
    );
    expect(r.code, r.text).toBe(0);
    expect(r.outcome('get-unknown-interaction')?.outcome).toBe('passed');
    expect(r.outcome('put-unknown-interaction')).toMatchObject({
      outcome: 'not-applicable',
      reason: 'the target does not claim the "userdata" profile',
    });
    expect(r.outcome('cancel-unknown-id-refused')).toMatchObject({
      outcome: 'not-applicable',
      reason: 'the target does not claim the "email" profile',
    });
    expect(r.verdict('IX-GET-02')).toBe('pass');
    expect(r.verdict('IX-PUT-02')).toBe('not-applicable');
    expect(r.verdict('IX-CANCEL-04')).toBe('not-applicable');
    expect(r.out).toContain('gate: conformant');
  });

  it('--bail stops after the first failing scenario and reports the rest skipped', async () => {
    // One at a time, so "the first failure" is well defined: scenarios run in id order.
    const r = await run([
      ...scenarios('complete-ends-the-interaction', 'complete-unknown-id-refused', 'get-unknown-interaction'),
      '--fault',
      'ix-complete-01-wrong-family',
      '--bail',
      '--concurrency',
      '1',
    ]);
    expect(r.code, r.text).toBe(1);
    expect(r.outcome('complete-ends-the-interaction')?.outcome).toBe('failed');
    for (const id of ['complete-unknown-id-refused', 'get-unknown-interaction']) {
      expect(r.outcome(id)).toMatchObject({
        outcome: 'skipped',
        reason: 'not run: the run stopped at the first failure (--bail)',
      });
    }
    expect(r.verdict('IX-COMPLETE-01')).toBe('fail');
    expect(r.verdict('IX-GET-02')).toBe('not-run');
    expect(r.out).toContain('scenarios: 3 (0 passed, 1 failed, 0 errors, 0 not applicable, 2 skipped)');
  });
});
