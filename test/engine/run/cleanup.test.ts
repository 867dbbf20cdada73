import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTarget, json, startFakeTarget } from '../../helpers/fake-target.js';
import { runOne } from '../../helpers/run-one.js';
import { agent, http, scenario } from '../../helpers/scenario.js';

/** What the fake target's agent01 holds: id → state and capabilities. */
interface Held {
  state: string;
  capabilities: string[];
}

let target: FakeTarget;
let held: Map<string, Held>;

beforeEach(async () => {
  target = await startFakeTarget(['agent01', 'agent02']);
  held = new Map([
    ['ixProcessing', { state: 'Processing', capabilities: ['Complete', 'Transfer'] }],
    ['ixInvited', { state: 'Invited', capabilities: ['Accept', 'Reject'] }],
    ['ixReply', { state: 'Composing', capabilities: ['Cancel'] }],
  ]);
  target.route('GET', '/ping', ({ res }) => json(res, 200, { statusCode: 0 }));
  target.route('GET', '/me/interactions', ({ res, user }) =>
    json(res, 200, {
      statusCode: 0,
      interactions:
        user === 'agent01' ? [...held].map(([id, h]) => ({ id, mediaType: 'chat', userData: {}, ...h })) : [],
    }),
  );
  for (const id of held.keys()) {
    target.route('POST', `/me/interactions/${id}`, ({ res, body }) => {
      const op = (JSON.parse(body) as { operationName: string }).operationName;
      // Every operation is notified: the cleanup must not let it reach the scenario's verdict.
      target.deliver('agent01', { notificationType: 'StatusChange', interaction: { id } });
      if (op === 'Accept') {
        held.set(id, { state: 'Processing', capabilities: ['Complete'] });
        json(res, 200, { status: 'ok' });
      } else if (op === 'Cancel') {
        held.delete(id);
        json(res, 200, { status: 0 });
      } else {
        // Complete (and anything else) always fails on this target.
        json(res, 200, { statusCode: 4, statusMessage: 'internal error' });
      }
    });
  }
});
afterEach(async () => {
  await target.close();
});

const passing = () =>
  scenario({
    actors: [agent('alice'), agent('bob')],
    noUnexpectedMessages: true,
    steps: [http({ path: '/ping', expect: { status: 200 } })],
  });

describe('the cleanup after a scenario', () => {
  it('ends what the agents hold, reports what it could not end, and leaves the verdict alone', async () => {
    const result = await runOne(passing(), target, { cleanupMs: 3000 });
    expect(result.outcome).toBe('passed');
    expect(result.reason).toBeUndefined();
    expect(result.messages).toEqual([]);
    const ops = target.requests
      .filter((r) => r.method === 'POST' && r.path.startsWith('/me/interactions/'))
      .map(
        (r) =>
          `${r.path.split('/').pop()} ${(JSON.parse(r.body) as { operationName: string }).operationName}`,
      );
    // The reply is cancelled first; the invitation is accepted, never rejected; then completed.
    expect(ops).toEqual([
      'ixReply Cancel',
      'ixInvited Accept',
      'ixInvited Complete',
      'ixProcessing Complete',
    ]);
    expect([...(result.leftovers ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      {
        id: 'ixInvited',
        state: 'Processing',
        actor: 'alice',
        reason: 'Complete failed: statusCode 4: internal error',
      },
      {
        id: 'ixProcessing',
        state: 'Processing',
        actor: 'alice',
        reason: 'Complete failed: statusCode 4: internal error',
      },
    ]);
  });

  it('is bounded and never throws when the target does not answer', async () => {
    target.route('GET', '/me/interactions', () => {
      // never answers
    });
    const started = Date.now();
    const result = await runOne(passing(), target, { cleanupMs: 400 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.outcome).toBe('passed');
    expect(result.leftovers?.map((l) => [l.id, l.actor])).toEqual([
      ['*', 'alice'],
      ['*', 'bob'],
    ]);
    expect(result.leftovers?.[0]?.reason).toMatch(/^not checked: GET \/me\/interactions\?fields=\*: /);
  });

  it('leaves no trace when the agents hold nothing', async () => {
    held.clear();
    const result = await runOne(passing(), target, { cleanupMs: 3000 });
    expect(result.outcome).toBe('passed');
    expect(result).not.toHaveProperty('leftovers');
  });
});
