import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuites } from '../../../src/engine/load/index.js';
import type { HttpStep, NoMessageStep } from '../../../src/model/index.js';
import { loadSpec } from '../../../src/spec/index.js';

const root = mkdtempSync(join(tmpdir(), 'ic-defaults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SUITE = `scenarios:
  - id: defaults
    title: t
    requirements: [IX-ME-01]
    actors: { alice: agent, boss: admin }
    steps:
      - http: { actor: alice, method: GET, path: /me/interactions }
      - http: { actor: alice, method: GET, path: /interactions, query: { fields: "*" } }
      - http: { actor: alice, method: GET, path: /me/interactions }
        retry: { for: 0ms }
      - http: { actor: alice, method: GET, path: /me/interactions }
        retry: { for: 2s }
      - http: { actor: boss, method: GET, path: /me/interactions }
        expect: { variant: Error.statusCode }
      - http: { actor: alice, method: GET, path: /me/interactions, auth: none }
      - http: { actor: alice, method: GET, path: /interactions/abc }
      - http: { actor: alice, method: POST, path: /me/interactions }
      - no-message: { actor: alice }
      - no-message: { actor: alice, within: 1s }
  - id: opted-out
    title: t
    requirements: [IX-ME-01]
    noUnexpectedMessages: false
    steps:
      - wait: 1ms
`;

describe('defaults that match how scenarios are written', () => {
  it('checks unexpected messages unless a scenario opts out; no-message waits timeouts.quiet; listings settle', async () => {
    const file = join(root, 'd.yaml');
    writeFileSync(file, SUITE);
    const { suites, problems } = await loadSuites([file], {
      spec: loadSpec(),
      cwd: root,
      quietMs: 250,
      settleMs: 4000,
    });
    expect(problems).toEqual([]);
    const [defaults, optedOut] = suites[0]?.scenarios ?? [];
    expect(defaults?.noUnexpectedMessages).toBe(true);
    expect(optedOut?.noUnexpectedMessages).toBe(false);
    const steps = defaults?.steps ?? [];
    const http = steps.filter((s): s is HttpStep => s.kind === 'http').map((s) => s.retryForMs);
    // listing, listing with a query, opted out, its own, a refusal, other credentials, not a listing, not a GET
    expect(http).toEqual([4000, 4000, undefined, 2000, undefined, undefined, undefined, undefined]);
    const quiet = steps.filter((s): s is NoMessageStep => s.kind === 'no-message').map((s) => s.withinMs);
    expect(quiet).toEqual([250, 1000]);
  });
});
