// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuites } from '../../../src/engine/load/index.js';
import type { Scenario } from '../../../src/model/index.js';
import { loadSpec } from '../../../src/spec/index.js';

const root = mkdtempSync(join(tmpdir(), 'ic-together-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function load(name: string, yaml: string) {
  const dir = join(root, name);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.yaml'), yaml);
  const { problems, suites } = await loadSuites([dir], { spec: loadSpec() });
  return {
    problems: problems.map((p) => `${p.line}:${p.col} ${p.code} ${p.message}`),
    scenario: suites[0]?.scenarios[0] as Scenario,
  };
}

describe('loading together steps, labels, repeat and cookie sessions', () => {
  it('builds a together step with outcomes defaulted from each operation, labels and repeat', async () => {
    const { problems, scenario } = await load(
      'ok',
      `
scenarios:
  - id: s
    title: t
    requirements: [IX-ACCEPT-07]
    repeat: 3
    actors: { alice: { role: agent, cometd: session } }
    steps:
      - provision: { create: { mediaType: chat, agent: alice } }
        capture: { id: /id }
        label: created
      - together:
          requests:
            - { actor: alice, method: POST, path: "/me/interactions/\${id}", body: { operationName: Accept }, reading: accept-reject-success-body }
            - { actor: alice, method: POST, path: "/me/interactions/\${id}", body: { operationName: Reject } }
          succeed: one
      - message: { actor: alice, match: {}, since: created }
        label: first
      - message: { actor: alice, match: {}, after: first }
`,
    );
    expect(problems).toEqual([]);
    expect(scenario.repeat).toBe(3);
    expect(scenario.actors[0]).toMatchObject({ cometd: true, cometdAuth: 'session' });
    const together = scenario.steps[1];
    expect(together).toMatchObject({
      kind: 'together',
      succeed: 'one',
      requests: [
        {
          // A reading says what its success looks like; the refusal is the operation's failure variant.
          success: {},
          refusal: { variant: 'Accept.failure' },
          reading: { point: 'accept-reject-success-body' },
        },
        { success: { variant: 'Reject.success' }, refusal: { variant: 'Reject.failure' } },
      ],
    });
    expect(scenario.steps[0]?.label).toBe('created');
    expect(scenario.steps[2]).toMatchObject({ since: 'created', label: 'first' });
    expect(scenario.steps[3]).toMatchObject({ after: 'first' });
  });

  it('reports unknown actors, variants and labels in a together step and message steps, at their place', async () => {
    const { problems } = await load(
      'bad',
      `
scenarios:
  - id: s
    title: t
    requirements: [IX-ACCEPT-07]
    actors: { alice: agent }
    steps:
      - together:
          requests:
            - { actor: alcie, method: POST, path: /me/interactions/x, body: { operationName: Acept } }
            - { actor: alice, method: GET, path: /me/interactions }
          succeed: 3
      - http: { actor: alice, method: GET, path: /me/interactions }
        label: listed
      - message: { actor: alice, match: {}, after: listed }
      - message: { actor: alice, match: {}, since: lsted }
`,
    );
    expect(problems).toEqual([
      '10:24 IC_E_ACTOR unknown actor "alcie"',
      '10:94 IC_E_VARIANT unknown variant "Acept.success"',
      '10:94 IC_E_VARIANT unknown variant "Acept.failure"',
      '11:15 IC_E_SCHEMA a request without operationName needs success and refusal',
      '15:52 IC_E_LABEL after: no earlier message step labelled "listed"',
      '16:52 IC_E_LABEL since: no earlier step labelled "lsted"',
    ]);
  });

  it('compiles the patterns of a together step at load: a bad regex in an expectation, a marker in a request body', async () => {
    const { problems } = await load(
      'patterns',
      `
scenarios:
  - id: s
    title: t
    requirements: [IX-ACCEPT-07]
    actors: { alice: agent }
    steps:
      - together:
          requests:
            - { actor: alice, method: POST, path: "/me/interactions/x", body: { operationName: Accept, n: { $gt: 1 } } }
            - actor: alice
              method: POST
              path: "/me/interactions/x"
              body: { operationName: Reject }
              success: { status: 200, body: { status: { $regex: "(" } } }
              refusal: { status: 200, body: { status: error } }
          succeed: one
`,
    );
    // The marker sits in what request 1 sends; the regex in what request 2 counts as its success.
    expect(problems).toEqual([
      expect.stringMatching(/^10:109 IC_E_MARKER .*\$gt/),
      expect.stringMatching(/^15:65 IC_E_MARKER regular expression \/\(\/ does not compile/),
    ]);
  });
});
