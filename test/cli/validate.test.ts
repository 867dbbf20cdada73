// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('validate on the folder of broken suites', () => {
  it('prints one problem per file, each with file:line:col and the right code, and exits 2', async () => {
    const { code, err } = await run([DIR]);
    expect(code).toBe(2);
    const located = [...err.matchAll(/^error: (.*) \((IC_E_[A-Z_]+)\)\n {2}--> (\S+)$/gm)].map((m) => [
      m[3],
      m[2],
    ]);
    expect(located).toEqual([
      [`${DIR}/01-yaml-syntax.yaml:12:9`, 'IC_E_YAML'],
      [`${DIR}/02-unknown-key.yaml:12:9`, 'IC_E_SCHEMA'],
      [`${DIR}/03-wrong-type.yaml:14:18`, 'IC_E_SCHEMA'],
      [`${DIR}/04-unknown-requirement.yaml:13:24`, 'IC_E_REQUIREMENT'],
      [`${DIR}/05-unknown-variant.yaml:12:41`, 'IC_E_VARIANT'],
      [`${DIR}/06-undefined-variable.yaml:11:51`, 'IC_E_VAR_UNDEFINED'],
      [`${DIR}/07-unknown-actor.yaml:11:24`, 'IC_E_ACTOR'],
      [`${DIR}/08-unknown-fragment.yaml:11:18`, 'IC_E_FRAGMENT'],
      [`${DIR}/09-duplicate-id.yaml:11:9`, 'IC_E_DUPLICATE_ID'],
      [`${DIR}/10-bad-duration.yaml:14:19`, 'IC_E_DURATION'],
      [`${DIR}/11-bad-regex.yaml:12:69`, 'IC_E_MARKER'],
      [`${DIR}/12-unknown-marker.yaml:12:54`, 'IC_E_MARKER'],
      [`${DIR}/13-marker-in-request-body.yaml:11:100`, 'IC_E_MARKER'],
      [`${DIR}/14-marker-beside-keys.yaml:13:41`, 'IC_E_MARKER'],
      [`${DIR}/15-unknown-fragment-parameter.yaml:7:24`, 'IC_E_FRAGMENT_PARAM'],
      [`${DIR}/16-parameter-as-variable.yaml:7:24`, 'IC_E_FRAGMENT_PARAM'],
      [`${DIR}/17-reading-name.yaml:12:18`, 'IC_E_READING'],
      [`${DIR}/18-reading-option.yaml:13:32`, 'IC_E_READING'],
      [`${DIR}/19-unknown-step-key.yaml:11:9`, 'IC_E_SCHEMA'],
      [`${DIR}/20-missing-title.yaml:4:5`, 'IC_E_SCHEMA'],
      [`${DIR}/21-unclosed-variable.yaml:11:50`, 'IC_E_TEMPLATE'],
      [`${DIR}/22-parameter-outside-fragment.yaml:11:24`, 'IC_E_FRAGMENT_PARAM'],
      [`${DIR}/23-unknown-method.yaml:11:39`, 'IC_E_SCHEMA'],
      [`${DIR}/24-comparison-not-a-number.yaml:12:59`, 'IC_E_MARKER'],
      [`${DIR}/25-unknown-fragment-argument.yaml:16:31`, 'IC_E_FRAGMENT_PARAM'],
    ]);
    // Every file of the folder is broken once: a new fixture must join the list above.
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(located.map(([where]) => String(where).replace(/:\d+:\d+$/, ''))).toEqual(
      files.sort().map((f) => `${DIR}/${f}`),
    );
    expect(err).toContain(`${files.length} problems in ${files.length} files`);
  });

  it('says what is wrong with the matchers, templates, fragments and readings, with a suggestion', async () => {
    const { err } = await run([DIR]);
    for (const text of [
      'regular expression /([A-Z]/ does not compile',
      'unknown marker "$gtt" (IC_E_MARKER)',
      '= expected: did you mean "$gt" or "$gte"?',
      'marker $string in a value that is sent, not matched',
      'marker $regex must be alone in its object',
      'unknown parameter {{agnt}} in fragment "broken-accept" (IC_E_FRAGMENT_PARAM)',
      '${agent} is a run-time variable, but agent is a parameter of fragment "broken-complete"',
      '= expected: did you mean {{agent}}?',
      'unknown reading "unknown-queu"',
      '= expected: did you mean "unknown-queue"?',
      'reading unknown-queue has no option "refuse"',
      'unknown step kind "mesage"',
      '= expected: did you mean "message"?',
      'missing key "title"',
      'unclosed "${" in "/interactions/${id"',
      '{{agent}} outside a fragment',
      '"FETCH" is not allowed here',
      '$lt takes a number, got "one"',
      'fragment "broken-offer" has no parameter "media"',
    ]) {
      expect(err).toContain(text);
    }
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
    expect(err).toContain(
      '   = expected: one of accept, broken-accept, broken-complete, broken-offer, complete, invited, offer, offer-and-accept, unchanged',
    );
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
