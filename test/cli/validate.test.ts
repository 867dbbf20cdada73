// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/validate-command.js';

const DIR = 'test/fixtures/broken-suites';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await validateCommand(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('validate on the ten broken suites', () => {
  it('prints ten problems, each with file:line:col and the right code, and exits 2', async () => {
    const { code, err } = await run([DIR]);
    expect(code).toBe(2);
    const located = [...err.matchAll(/^error: (.*) \((E_[A-Z_]+)\)\n {2}--> (\S+)$/gm)].map((m) => [
      m[3],
      m[2],
    ]);
    expect(located).toEqual([
      [`${DIR}/01-yaml-syntax.yaml:12:9`, 'E_YAML'],
      [`${DIR}/02-unknown-key.yaml:12:9`, 'E_SCHEMA'],
      [`${DIR}/03-wrong-type.yaml:14:18`, 'E_SCHEMA'],
      [`${DIR}/04-unknown-requirement.yaml:13:24`, 'E_REQUIREMENT'],
      [`${DIR}/05-unknown-variant.yaml:12:41`, 'E_VARIANT'],
      [`${DIR}/06-undefined-variable.yaml:11:51`, 'E_VAR_UNDEFINED'],
      [`${DIR}/07-unknown-actor.yaml:11:24`, 'E_ACTOR'],
      [`${DIR}/08-unknown-fragment.yaml:11:18`, 'E_FRAGMENT'],
      [`${DIR}/09-duplicate-id.yaml:11:9`, 'E_DUPLICATE_ID'],
      [`${DIR}/10-bad-duration.yaml:14:19`, 'E_DURATION'],
    ]);
    expect(err).toContain('10 problems in 10 files');
  });

  it('names what was wrong and shows the source line with a caret', async () => {
    const { err } = await run([DIR]);
    for (const text of [
      'unknown key "expct"',
      'wrong type: string is not allowed here',
      'unknown requirement "IX-COMPLETE-99"',
      'unknown variant "Complete.sucess"',
      'undefined variable ${interactionId}',
      'unknown actor "bob"',
      'unknown fragment "accept-invitation"',
      'scenario id "broken-duplicate-id" is already used at',
      'bad duration "5 seconds"',
    ]) {
      expect(err).toContain(text);
    }
    expect(err).toContain(
      '12 |         expct: { status: 200 }\n   |         ^^^^^\n   = expected: one of title, requirements',
    );
  });

  it('suggests the close known name where there is one', async () => {
    const { err } = await run([DIR]);
    expect(err).toContain('   = expected: did you mean "Complete.success"?');
    expect(err).toContain(
      '   = expected: did you mean "IX-COMPLETE-01", "IX-COMPLETE-02", "IX-COMPLETE-03" (or 4 more as close)?',
    );
    // Nothing close: the general hint stays.
    expect(err).toContain("   = expected: one of the scenario's actors: alice");
    expect(err).toContain('   = expected: a fragment defined under fragments:');
  });

  it('reports one file alone, and a missing path', async () => {
    const one = await run([`${DIR}/07-unknown-actor.yaml`]);
    expect(one.code).toBe(2);
    expect(one.err).toContain('1 problem in 1 file');
    const missing = await run(['--config', 'harness.config.yaml', `${DIR}/does-not-exist.yaml`]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--> ${DIR}/does-not-exist.yaml:1:1`);
    expect(missing.err).toContain('no such file or folder');
  });

  it('exits 0 with a one-line summary when everything loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-validate-'));
    try {
      const good = readFileSync(`${DIR}/07-unknown-actor.yaml`, 'utf8').replace('actor: bob', 'actor: alice');
      writeFileSync(join(dir, 'good.yaml'), good);
      const { code, out, err } = await run([dir]);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toBe('ok: 1 suite file, 1 scenario, 2 steps, no problems');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints help and rejects unknown options with exit 2', async () => {
    expect((await run(['--help'])).code).toBe(0);
    const bad = await run(['--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Usage: interactions-conformance validate');
  });
});
