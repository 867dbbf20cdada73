import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTarget, json, startFakeTarget } from '../../helpers/fake-target.js';
import { runOne } from '../../helpers/run-one.js';
import { http, message, scenario } from '../../helpers/scenario.js';

let target: FakeTarget;
beforeEach(async () => {
  target = await startFakeTarget();
});
afterEach(async () => {
  await target.close();
});

const change = (id: string, state: string) => ({
  messageType: 'InteractionStateMessage',
  notificationType: 'StatusChange',
  interaction: { id, state },
});
const state = (id: string, s: string) => ({ data: { interaction: { id, state: s } } });
const accept = () =>
  http({ method: 'POST', path: '/me/interactions/i1', body: { operationName: 'Accept' }, label: 'accept' });
const list = () => http({ method: 'GET', path: '/me/interactions' });

/** Accept answers after notifying the given states, in the given order. */
function acceptNotifies(...states: string[]): void {
  target.route('POST', '/me/interactions/i1', async ({ res, user }) => {
    for (const s of states) target.deliver(user ?? '', change('i1', s));
    await sleep(100); // every notification is in before the answer
    json(res, 200, { status: 'ok' });
  });
  target.route('GET', '/me/interactions', ({ res }) => json(res, 200, { statusCode: 0, uris: [] }));
}

describe('order: since, after and the engine check', () => {
  it('since: a message step reaches back to the labelled action, past a later one', async () => {
    acceptNotifies('Processing');
    const result = await runOne(
      scenario({ steps: [accept(), list(), message({ match: state('i1', 'Processing'), since: 'accept' })] }),
      target,
    );
    expect(result.outcome, result.reason).toBe('passed');
  });

  it('after: passes when the messages came in the order of the changes', async () => {
    acceptNotifies('Processing', 'Completed');
    const result = await runOne(
      scenario({
        steps: [
          accept(),
          message({ match: state('i1', 'Processing'), label: 'p' }),
          message({ match: state('i1', 'Completed'), after: 'p', since: 'accept' }),
        ],
      }),
      target,
    );
    expect(result.outcome, result.reason).toBe('passed');
    expect(result.steps.map((s) => s.kind)).toEqual(['http', 'message', 'message']);
  });

  it('after: fails a message that arrived before the labelled one, and the engine check fails too', async () => {
    acceptNotifies('Completed', 'Processing');
    const result = await runOne(
      scenario({
        steps: [
          accept(),
          message({ match: state('i1', 'Processing'), label: 'p' }),
          message({
            match: state('i1', 'Completed'),
            after: 'p',
            since: 'accept',
            requirements: ['IX-NOTIFY-05'],
          }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[2]?.reason).toContain('out of order');
    const engine = result.steps.at(-1);
    expect(engine).toMatchObject({ kind: 'check', outcome: 'failed', requirements: ['IX-NOTIFY-05'] });
    expect(engine?.reason).toContain('nothing may follow Completed');
  });

  it('the engine check judges every scenario, even one whose steps look at neither message', async () => {
    acceptNotifies('Invited', 'Revoked', 'Processing');
    const result = await runOne(scenario({ steps: [accept()] }), target);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toContain('Processing comes before Revoked');
  });

  it('the engine check accepts a new offer after an end', async () => {
    acceptNotifies('Invited', 'Processing', 'Revoked', 'Invited', 'Processing', 'Completed');
    const result = await runOne(scenario({ steps: [accept()] }), target);
    expect(result.outcome, result.reason).toBe('passed');
  });
});
