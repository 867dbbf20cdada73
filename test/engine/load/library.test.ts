import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/cli/validate-command.js';
import { loadSuites } from '../../../src/engine/load/index.js';
import { loadSpec } from '../../../src/spec/index.js';

const root = mkdtempSync(join(tmpdir(), 'ic-library-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A vendor's own folder: one bundled suite copied alone, without the bundled fragments. */
function vendorFolder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  cpSync('suites/complete.yaml', join(dir, 'complete.yaml'));
  return dir;
}

describe('the bundled fragments are a library any suite folder may include', () => {
  it('validate my-suites/ loads a suite that includes offer-and-accept, without the bundled suites', async () => {
    const dir = vendorFolder('my-suites');
    const err: string[] = [];
    const out: string[] = [];
    const code = await validateCommand([dir], { out: (t) => out.push(t), err: (t) => err.push(t) });
    expect(err.join('\n')).not.toContain('unknown fragment');
    expect(code).toBe(0);
    // The library files are not suites of the vendor's folder.
    expect(out.join('\n')).toMatch(/^ok: 1 suite file, \d+ scenarios/);
  });

  it("a suite's own fragment of the same name takes precedence over the library's", async () => {
    const dir = vendorFolder('own-fragment');
    writeFileSync(
      join(dir, 'mine.yaml'),
      [
        'fragments:',
        '  offer:',
        '    params: [agent, media]',
        '    steps:',
        '      - provision: { create: { mediaType: "{{media}}", agent: "{{agent}}" } }',
        '        capture: { id: /id }',
        '',
      ].join('\n'),
    );
    const { suites, problems } = await loadSuites([dir], { spec: loadSpec(), cwd: dir });
    expect(problems).toEqual([]);
    // complete-before-accept-refused includes offer: here one provision step, without the library's invitation check.
    const steps = suites.find((s) => s.file === 'complete.yaml')?.scenarios[1]?.steps ?? [];
    expect(steps.slice(0, 2).map((s) => s.kind)).toEqual(['provision', 'http']);
  });

  it("a step from a fragment carries the include's position and its own line in the fragment file", async () => {
    const dir = vendorFolder('positions');
    const { suites } = await loadSuites([dir], { spec: loadSpec(), cwd: dir });
    const [first] = suites[0]?.scenarios[0]?.steps ?? [];
    // complete.yaml: `- include: offer-and-accept` of the first scenario; offer's provision step.
    expect(first?.pos).toMatchObject({ file: 'complete.yaml', line: 15, col: 9 });
    expect(first?.origin?.file).toMatch(/suites\/fragments\/interactions\.yaml$/);
    expect(first?.origin?.line).toBe(26);
  });

  it('without the library, the include is an unknown fragment', async () => {
    const dir = vendorFolder('no-library');
    const { problems } = await loadSuites([dir], { spec: loadSpec(), cwd: dir, library: false });
    expect(problems.map((p) => p.code)).toContain('IC_E_FRAGMENT');
  });
});
