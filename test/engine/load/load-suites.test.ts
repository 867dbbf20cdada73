// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem, loadSuites } from '../../../src/engine/load/index.js';
import type { ReadingPoint } from '../../../src/model/index.js';

const REQUIREMENTS = ['IX-ACCEPT-01', 'IX-COMPLETE-01'];
const VARIANTS = ['Accept.success', 'Complete.success', 'Notification.StatusChange'];
const spec = {
  requirement: (id: string) => (REQUIREMENTS.includes(id) ? { id } : undefined),
  hasVariant: (name: string) => VARIANTS.includes(name),
  requirements: REQUIREMENTS.map((id) => ({ id })),
  variantNames: () => VARIANTS,
  readings: [
    {
      id: 'unknown-queue',
      question: 'q',
      requirements: [],
      options: [
        { name: 'refused', wire: 'w', expect: { variant: 'Accept.success' } },
        { name: 'accepted', wire: 'w', expect: { status: 200 } },
      ],
      reference: 'refused',
      alternate: 'accepted',
    },
    {
      id: 'queued-state-name',
      question: 'q',
      requirements: [],
      options: [
        { name: 'Queued', wire: 'w', expect: {} },
        { name: 'Revoked', wire: 'w', expect: {} },
      ],
      reference: 'Queued',
      alternate: 'Revoked',
    },
  ] as ReadingPoint[],
  reading(id: string) {
    return this.readings.find((p) => p.id === id);
  },
};
const root = mkdtempSync(join(tmpdir(), 'ic-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function folder(files: Record<string, string>): string {
  const dir = join(root, `case${n++}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const FRAGMENTS = `fragments:
  invite-and-accept:
    params: [agent, media]
    steps:
      - provision: { create: { mediaType: "\${media}", agent: "\${agent}" } }
        capture: { id: /id }
      - message: { actor: "\${agent}", match: { data: { interaction: { id: "\${id}", state: Invited } } } }
      - http: { actor: "\${agent}", method: POST, path: "/me/interactions/\${id}", body: { operationName: Accept } }
        expect: { variant: Accept.success }
`;

const SUITE = `scenarios:
  - id: complete-after-accept
    title: Complete after Accept
    requirements: [IX-COMPLETE-01]
    profile: core
    tags: [lifecycle]
    actors: { alice: agent, boss: admin, watcher: { role: norole, cometd: true } }
    exclusive: true
    steps:
      - include: invite-and-accept
        with: { agent: alice, media: email }
      - http: { actor: alice, method: POST, path: "/me/interactions/\${id}", body: { operationName: Complete }, timeout: 2s }
        expect: { status: [200, 400], variant: Complete.success, body: { statusCode: 0 } }
        retry: { for: 1.5s }
      - no-message: { actor: alice, within: 300ms }
      - wait: 1m
      - provision: reset
`;

describe('loadSuites: a valid folder', () => {
  it('expands fragments from fragments/ and builds the model with positions and defaults', async () => {
    const dir = folder({ 'fragments/common.yaml': FRAGMENTS, 'a.yaml': SUITE });
    const { suites, problems } = await loadSuites([dir], { spec, names: ['queue'], cwd: dir });
    expect(problems).toEqual([]);
    expect(suites.map((s) => s.file)).toEqual(['a.yaml', join('fragments', 'common.yaml')]);
    expect(suites[0]?.digest).toBe(createHash('sha256').update(SUITE).digest('hex'));
    const scenario = suites[0]?.scenarios[0];
    expect(scenario).toMatchObject({
      id: 'complete-after-accept',
      file: 'a.yaml',
      pos: { file: 'a.yaml', line: 2, col: 5 },
      profile: 'core',
      exclusive: true,
      noUnexpectedMessages: false,
      actors: [
        { name: 'alice', role: 'agent', cometd: true },
        { name: 'boss', role: 'admin', cometd: false },
        { name: 'watcher', role: 'norole', cometd: true },
      ],
    });
    const steps = scenario?.steps ?? [];
    expect(steps.map((s) => s.kind)).toEqual([
      'provision',
      'message',
      'http',
      'http',
      'no-message',
      'wait',
      'provision',
    ]);
    // Fragment steps take the include's place; params are replaced, other variables stay for the run.
    expect(steps[0]).toMatchObject({
      pos: { file: 'a.yaml', line: 10, col: 9 },
      provision: { action: 'create', mediaType: 'email', agent: 'alice' },
      capture: { id: '/id' },
    });
    expect(steps[1]).toMatchObject({
      actor: 'alice',
      channel: '/v2/me/interactions',
      withinMs: 5000,
      count: 1,
    });
    expect(steps[2]).toMatchObject({
      actor: 'alice',
      path: '/me/interactions/${id}',
      title: 'alice POST /me/interactions/${id} (Accept)',
    });
    expect(steps[3]).toMatchObject({
      pos: { file: 'a.yaml', line: 12, col: 9 },
      timeoutMs: 2000,
      retryForMs: 1500,
      expect: { status: [200, 400], variant: 'Complete.success', body: { statusCode: 0 } },
    });
    expect(steps[4]).toMatchObject({ withinMs: 300 });
    expect(steps[5]).toMatchObject({ ms: 60_000 });
    expect(steps[6]).toMatchObject({ provision: { action: 'reset' } });
  });

  it('finds the shared fragments of a single file given alone', async () => {
    const dir = folder({ 'fragments/common.yaml': FRAGMENTS, 'a.yaml': SUITE });
    const { problems, suites } = await loadSuites([join(dir, 'a.yaml')], { spec, cwd: dir });
    expect(problems).toEqual([]);
    expect(suites[0]?.scenarios[0]?.steps).toHaveLength(7);
  });
});

describe('loadSuites: http auth', () => {
  it('accepts auth: session, none and explicit credentials, and refuses any other word', async () => {
    const dir = folder({
      'a.yaml': `scenarios:
  - id: auth-forms
    title: t
    requirements: [IX-ACCEPT-01]
    actors: { alice: agent }
    steps:
      - http: { actor: alice, method: GET, path: /me/interactions }
      - http: { actor: alice, auth: session, method: GET, path: /me/interactions }
      - http: { actor: alice, auth: none, method: GET, path: /me/interactions }
      - http: { actor: alice, auth: { username: u, password: p }, method: GET, path: /me/interactions }
`,
      'b.yaml': `scenarios:
  - id: auth-typo
    title: t
    requirements: [IX-ACCEPT-01]
    actors: { alice: agent }
    steps:
      - http: { actor: alice, auth: cookie, method: GET, path: /me/interactions }
`,
    });
    const { problems, suites } = await loadSuites([dir], { spec, cwd: dir });
    const steps = suites.find((s) => s.file === 'a.yaml')?.scenarios[0]?.steps ?? [];
    expect(steps.map((s) => (s.kind === 'http' ? (s.auth ?? 'actor') : s.kind))).toEqual([
      'actor',
      'session',
      'none',
      { username: 'u', password: 'p' },
    ]);
    expect(problems.map((p) => `${p.file}:${p.line} ${p.code}`)).toEqual(['b.yaml:7 E_SCHEMA']);
  });
  it('knows the built-in ${target.baseUrl} and ${target.cometdUrl}, and an absolute http(s) path', async () => {
    const dir = folder({
      'a.yaml': `scenarios:
  - id: target-urls
    title: t
    requirements: [IX-ACCEPT-01]
    actors: { alice: agent }
    steps:
      - http: { actor: alice, method: POST, path: "\${target.cometdUrl}/handshake", body: [] }
      - http: { actor: alice, method: GET, path: "\${target.baseUrl}/me/interactions" }
      - http: { actor: alice, method: GET, path: "https://example.test/x", headers: { X-Base: "\${target.baseUrl}" } }
`,
      'b.yaml': `scenarios:
  - id: target-typos
    title: t
    requirements: [IX-ACCEPT-01]
    actors: { alice: agent }
    steps:
      - http: { actor: alice, method: GET, path: "\${target.cometdURL}/handshake" }
      - http: { actor: alice, method: GET, path: "\${target}/x" }
`,
      'c.yaml': `scenarios:
  - id: target-scheme
    title: t
    requirements: [IX-ACCEPT-01]
    actors: { alice: agent }
    steps:
      - http: { actor: alice, method: GET, path: "ftp://example.test/x" }
`,
    });
    const { problems, suites } = await loadSuites([dir], { spec, names: ['queue'], cwd: dir });
    const steps = suites.find((s) => s.file === 'a.yaml')?.scenarios[0]?.steps ?? [];
    expect(steps.map((s) => (s.kind === 'http' ? s.path : s.kind))).toEqual([
      '${target.cometdUrl}/handshake',
      '${target.baseUrl}/me/interactions',
      'https://example.test/x',
    ]);
    expect(problems.map((p) => `${p.file}:${p.line} ${p.code} ${p.message} → ${p.expected}`)).toEqual([
      'b.yaml:7 E_VAR_UNDEFINED undefined variable ${target.cometdURL} → did you mean "target.cometdUrl"?',
      'b.yaml:8 E_VAR_UNDEFINED undefined variable ${target} → ' +
        "an actor's userId/username, a config name, a target URL or an earlier capture: " +
        'alice.userId, alice.username, names.queue, target.baseUrl, target.cometdUrl',
      expect.stringMatching(
        /^c\.yaml:7 E_SCHEMA "ftp:\/\/example\.test\/x" has the wrong form → .*https:\/\//,
      ),
    ]);
  });
});

describe('loadSuites: problems', () => {
  it('reports every problem of every file at once, sorted, with positions', async () => {
    const dir = folder({
      'fragments/common.yaml': FRAGMENTS,
      'a.yaml': `scenarios:
  - id: one
    title: t
    requirements: [IX-NOPE-01]
    actors: { alice: agent }
    steps:
      - include: invite-and-accept
        with: { agent: alice }
      - include: invite-and-accept
        with: { agent: alice, media: chat, extra: 1 }
      - http: { actor: alice, method: GET, path: "/x/\${names.nope}/\${alice.password}" }
`,
      'b.yaml': `scenarios:
  - id: one
    title: t
    requirements: [IX-ACCEPT-01]
    steps:
      - wait: 10ms
        retry: { for: 1s }
      - http: { actor: a, method: GET, path: /x }
        message: { actor: a, match: {} }
`,
    });
    const { problems, suites } = await loadSuites([dir], { spec, names: ['queue'], cwd: dir });
    expect(suites.map((s) => s.file)).toEqual([join('fragments', 'common.yaml')]);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.code} ${p.message}`)).toEqual([
      'a.yaml:4:20 E_REQUIREMENT unknown requirement "IX-NOPE-01"',
      'a.yaml:7:9 E_FRAGMENT_PARAM missing parameter "media" for fragment "invite-and-accept"',
      'a.yaml:10:44 E_FRAGMENT_PARAM fragment "invite-and-accept" has no parameter "extra"',
      'a.yaml:11:50 E_VAR_UNDEFINED undefined variable ${names.nope}',
      'a.yaml:11:50 E_VAR_UNDEFINED undefined variable ${alice.password}',
      'b.yaml:7:9 E_SCHEMA unknown key "retry"',
      'b.yaml:8:9 E_SCHEMA A step needs exactly one of: http, message, no-message, provision, wait, together, include.',
    ]);
  });

  it('reports a fragment that includes itself and context errors inside fragments at the include', async () => {
    const dir = folder({
      's.yaml': `fragments:
  loop:
    steps:
      - include: loop
  uses-x:
    steps:
      - http: { actor: carol, method: GET, path: "/me/\${x}" }
scenarios:
  - id: s
    title: t
    requirements: [IX-ACCEPT-01]
    actors: { alice: agent }
    steps:
      - include: loop
      - include: uses-x
`,
    });
    const { problems } = await loadSuites([dir], { spec, cwd: dir });
    expect(problems.map((p) => `${p.line}:${p.col} ${p.code} ${p.message}`)).toEqual([
      '4:18 E_FRAGMENT_CYCLE fragment "loop" includes itself',
      '15:9 E_ACTOR unknown actor "carol" (in fragment "uses-x")',
      '15:9 E_VAR_UNDEFINED undefined variable ${x} (in fragment "uses-x")',
    ]);
  });

  it('suggests a close known name for each kind of unknown name, and nothing when none is close', async () => {
    const dir = folder({
      'fragments/common.yaml': FRAGMENTS,
      'a.yaml': `scenarios:
  - id: typos
    title: t
    requirements: [IX-ACEPT-01]
    actors: { alice: agent }
    steps:
      - include: invite-and-acept
        with: { agent: alice, media: chat }
      - include: invite-and-accept
        with: { agnt: alice, media: chat }
      - http: { actor: alise, method: GET, path: "/x/\${alice.userid}/\${names.queu}" }
        expect: { variant: complete.SUCCESS }
        requirements: [IX-COMPLETE-1]
      - message: { actor: alice, match: { data: { id: "\${unrelated}" } }, variant: Notification.Whatever }
`,
    });
    const { problems } = await loadSuites([dir], { spec, names: ['queue'], cwd: dir });
    expect(problems.map((p) => `${p.code} ${p.message} → ${p.expected}`)).toEqual([
      'E_REQUIREMENT unknown requirement "IX-ACEPT-01" → did you mean "IX-ACCEPT-01"?',
      'E_FRAGMENT unknown fragment "invite-and-acept" → did you mean "invite-and-accept"?',
      'E_FRAGMENT_PARAM missing parameter "agent" for fragment "invite-and-accept" → with: { agent: …, media: … }',
      'E_FRAGMENT_PARAM fragment "invite-and-accept" has no parameter "agnt" → did you mean "agent"?',
      'E_ACTOR unknown actor "alise" → did you mean "alice"?',
      'E_VAR_UNDEFINED undefined variable ${alice.userid} → did you mean "alice.userId"?',
      'E_VAR_UNDEFINED undefined variable ${names.queu} → did you mean "names.queue"?',
      'E_VARIANT unknown variant "complete.SUCCESS" → did you mean "Complete.success"?',
      'E_REQUIREMENT unknown requirement "IX-COMPLETE-1" → did you mean "IX-COMPLETE-01"?',
      expect.stringMatching(
        /^E_VAR_UNDEFINED undefined variable \$\{unrelated\} → an actor's userId\/username/,
      ),
      'E_VARIANT unknown variant "Notification.Whatever" → a name from spec/variants.yaml, e.g. Accept.success or Notification.StatusChange',
    ]);
  });

  it('formats a problem the Hurl way', async () => {
    const dir = folder({
      'x.yaml':
        'scenarios:\n  - id: x\n    title: t\n    requirements: [IX-ACCEPT-01]\n    steps:\n      - wait: soon\n',
    });
    const { problems } = await loadSuites([dir], { spec, cwd: dir });
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0] as never)).toBe(
      [
        'error: bad duration "soon" (E_DURATION)',
        '  --> x.yaml:6:15',
        '  |',
        '6 |       - wait: soon',
        '  |               ^^^^',
        '  = expected: a duration such as 300ms, 5s, 1.5s, 1m, or a whole number of milliseconds',
      ].join('\n'),
    );
  });
});

describe('readings in scenarios', () => {
  const scenarioWith = (steps: string) => `scenarios:
  - id: r
    title: readings
    requirements: [IX-ACCEPT-01]
    actors: { alice: agent }
    steps:
${steps}`;

  it('builds a reading from the catalogue or the scenario, and a when', async () => {
    const dir = folder({
      'a.yaml': scenarioWith(`      - http: { actor: alice, method: POST, path: /x }
        reading: unknown-queue
      - http: { actor: alice, method: GET, path: /interactions }
        reading:
          point: queued-state-name
          options: { Queued: { body: { s: Queued } }, Revoked: { body: { s: Revoked } } }
      - when: { unknown-queue: accepted }
        http: { actor: alice, method: GET, path: /y }
`),
    });
    const { suites, problems } = await loadSuites([dir], { spec });
    expect(problems).toEqual([]);
    const steps = suites[0]?.scenarios[0]?.steps ?? [];
    expect(steps[0]).toMatchObject({
      reading: {
        point: 'unknown-queue',
        options: { refused: { variant: 'Accept.success' }, accepted: { status: 200 } },
      },
    });
    expect(steps[1]).toMatchObject({
      reading: { point: 'queued-state-name', options: { Queued: { body: { s: 'Queued' } } } },
    });
    expect(steps[2]?.when).toEqual({ 'unknown-queue': ['accepted'] });
  });

  it('an unknown point or option, or an option the catalogue cannot recognise, is a load error at its place', async () => {
    const dir = folder({
      'a.yaml': scenarioWith(`      - http: { actor: alice, method: POST, path: /x }
        reading: unknown-queu
      - http: { actor: alice, method: GET, path: /interactions }
        reading: queued-state-name
      - http: { actor: alice, method: GET, path: /interactions }
        reading: { point: unknown-queue, options: { refusd: { status: 200 } } }
      - when: { unknown-queue: acepted }
        http: { actor: alice, method: GET, path: /y }
`),
    });
    const { problems } = await loadSuites([dir], { spec });
    const shown = problems.map((p) => `${p.code} ${p.line}:${p.col} ${p.message} | ${p.expected ?? ''}`);
    expect(shown).toEqual([
      expect.stringMatching(
        /^E_READING 8:18 unknown reading "unknown-queu" \| did you mean "unknown-queue"\?/,
      ),
      expect.stringMatching(
        /^E_READING 10:18 reading queued-state-name: the catalogue cannot recognise options Queued, Revoked/,
      ),
      expect.stringMatching(
        /^E_READING 12:\d+ reading unknown-queue has no option "refusd" \| did you mean "refused"\?/,
      ),
      expect.stringMatching(
        /^E_READING 13:\d+ reading unknown-queue has no option "acepted" \| did you mean "accepted"\?/,
      ),
    ]);
  });
});
