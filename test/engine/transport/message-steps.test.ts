import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTarget, json, startFakeTarget } from '../../helpers/fake-target.js';
import { runOne } from '../../helpers/run-one.js';
import { agent, http, message, noMessage, scenario } from '../../helpers/scenario.js';

let target: FakeTarget;
beforeEach(async () => {
  target = await startFakeTarget();
});
afterEach(async () => {
  await target.close();
});

const processing = (id: string) => ({
  messageType: 'InteractionStateMessage',
  notificationType: 'StatusChange',
  interaction: { id, state: 'Processing' },
});
const expectProcessing = (id: string) => ({ data: { interaction: { id, state: 'Processing' } } });
const accept = () => http({ method: 'POST', path: '/me/interactions/i1', body: { operationName: 'Accept' } });

describe('message steps', () => {
  it('finds a notification that arrived before the HTTP response', async () => {
    target.route('POST', '/me/interactions/i1', async ({ res, user }) => {
      target.deliver(user ?? '', processing('i1'));
      await sleep(200); // the answer comes well after the notification
      json(res, 200, { status: 'ok' });
    });
    const result = await runOne(
      scenario({
        steps: [accept(), message({ match: expectProcessing('i1'), variant: 'Notification.StatusChange' })],
      }),
      target,
    );
    expect(result.outcome).toBe('passed');
    expect(result.steps[1]?.messages?.[0]?.consumedBy).toBe(1);
    expect(result.messages).toHaveLength(1);
  });

  it('fails when the message is never sent, recording that nothing came', async () => {
    target.route('POST', '/me/interactions/i1', ({ res }) => json(res, 200, { status: 'ok' }));
    const result = await runOne(
      scenario({ steps: [accept(), message({ match: expectProcessing('i1'), withinMs: 300 })] }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[1]?.checks[0]).toMatchObject({ name: 'message', passed: false, actual: 'none' });
    expect(result.steps[1]?.reason).toContain('nothing arrived');
  });

  it('does not reach back before the latest action, and says where the message went', async () => {
    target.route('POST', '/me/interactions/i1', async ({ res, user }) => {
      target.deliver(user ?? '', processing('i1'));
      await sleep(200); // the notification is in before the answer, so before the GET begins
      json(res, 200, { status: 'ok' });
    });
    target.route('GET', '/me/interactions', ({ res }) => json(res, 200, { statusCode: 0, uris: [] }));
    const list = http({ method: 'GET', path: '/me/interactions' });
    const result = await runOne(
      scenario({
        // The Processing notification belongs to the Accept; the GET in between closes its window.
        steps: [accept(), list, message({ match: expectProcessing('i1'), withinMs: 300 })],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[2]?.reason).toContain('before the latest action step began');
  });

  it('fails when the message goes to another actor, and says so', async () => {
    target.route('POST', '/me/interactions/i1', ({ res }) => {
      target.deliver('agent02', processing('i1'));
      json(res, 200, { status: 'ok' });
    });
    const result = await runOne(
      scenario({
        actors: [agent('alice'), agent('bob')],
        steps: [accept(), message({ actor: 'alice', match: expectProcessing('i1'), withinMs: 300 })],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[1]?.reason).toContain('went to bob');
  });

  it('fails when the message arrives after `within`', async () => {
    const late = target; // this test's target, not the next test's
    let timer: NodeJS.Timeout | undefined;
    late.route('POST', '/me/interactions/i1', ({ res, user }) => {
      json(res, 200, { status: 'ok' });
      timer = setTimeout(() => late.deliver(user ?? '', processing('i1')), 1000);
    });
    const result = await runOne(
      scenario({ steps: [accept(), message({ match: expectProcessing('i1'), withinMs: 200 })] }),
      target,
    );
    expect(result.outcome).toBe('failed');
    clearTimeout(timer);
    expect(result.steps[1]?.reason).toContain('within 200 ms');
  });

  it('fails a message that does not match, listing the difference', async () => {
    target.route('POST', '/me/interactions/i1', ({ res, user }) => {
      target.deliver(user ?? '', { ...processing('i1'), interaction: { id: 'i1', state: 'Invited' } });
      json(res, 200, { status: 'ok' });
    });
    const result = await runOne(
      scenario({ steps: [accept(), message({ match: expectProcessing('i1'), withinMs: 300 })] }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps[1]?.reason).toContain('data.interaction.state');
  });

  it('does not reuse a message that arrived before the previous action began', async () => {
    target.route('POST', '/one', ({ res, user }) => {
      target.deliver(user ?? '', processing('i1'));
      // Delivered after the first on the same session, so once it is seen the first has arrived too.
      target.deliver(user ?? '', processing('marker'));
      json(res, 200, {});
    });
    target.route('POST', '/two', ({ res }) => json(res, 200, {}));
    const steps = (withSecondAction: boolean) => [
      http({ method: 'POST', path: '/one' }),
      message({ match: expectProcessing('marker') }),
      ...(withSecondAction ? [http({ method: 'POST', path: '/two' })] : []),
      message({ match: expectProcessing('i1'), withinMs: 300 }),
    ];
    const after = await runOne(scenario({ steps: steps(true) }), target);
    expect(after.outcome).toBe('failed');
    expect(after.steps[3]?.checks[0]?.actual).toBe('none');
    const before = await runOne(scenario({ steps: steps(false) }), target);
    expect(before.outcome).toBe('passed');
  });

  it('consumes each message once: two steps need two messages', async () => {
    target.route('POST', '/me/interactions/i1', ({ res, user }) => {
      target.deliver(user ?? '', processing('i1'));
      json(res, 200, { status: 'ok' });
    });
    const result = await runOne(
      scenario({
        steps: [
          accept(),
          message({ match: expectProcessing('i1') }),
          message({ match: expectProcessing('i1'), withinMs: 300 }),
        ],
      }),
      target,
    );
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'passed', 'failed']);
  });

  it('noUnexpectedMessages fails a scenario that leaves a message unconsumed', async () => {
    target.route('POST', '/me/interactions/i1', ({ res, user }) => {
      // PropertiesUpdated first: once StatusChange is seen, the other has arrived as well.
      target.deliver(user ?? '', { ...processing('i1'), notificationType: 'PropertiesUpdated' });
      target.deliver(user ?? '', processing('i1'));
      json(res, 200, { status: 'ok' });
    });
    const steps = () => [
      accept(),
      message({ match: { data: { notificationType: 'StatusChange' } } }),
      message({ match: { data: { notificationType: 'PropertiesUpdated' } } }),
    ];
    const strict = await runOne(scenario({ noUnexpectedMessages: true, steps: steps().slice(0, 2) }), target);
    expect(strict.outcome).toBe('failed');
    expect(strict.reason).toContain('unexpected message');
    const clean = await runOne(scenario({ noUnexpectedMessages: true, steps: steps() }), target);
    expect(clean.outcome, clean.reason).toBe('passed');
  });

  it('no-message fails on a message already waiting since the action began, passes on silence', async () => {
    target.route('POST', '/me/interactions/i1', ({ res, user }) => {
      target.deliver(user ?? '', processing('i1'));
      json(res, 200, { status: 'ok' });
    });
    target.route('POST', '/quiet', ({ res }) => json(res, 200, {}));
    const noisy = await runOne(scenario({ steps: [accept(), noMessage({ withinMs: 300 })] }), target);
    expect(noisy.outcome).toBe('failed');
    expect(noisy.steps[1]?.checks[0]?.passed).toBe(false);
    const quiet = await runOne(
      scenario({ steps: [http({ method: 'POST', path: '/quiet' }), noMessage({ withinMs: 200 })] }),
      target,
    );
    expect(quiet.outcome, JSON.stringify(quiet.steps)).toBe('passed');
  });

  it('consecutive no-message windows overlap, and a message late in the longer one still fails it', async () => {
    target.route('POST', '/late', ({ res, user }) => {
      json(res, 200, {});
      // After the first window (300 ms) is over, inside the second one (800 ms from the same start).
      setTimeout(() => target.deliver(user ?? '', processing('i1')), 450);
    });
    const result = await runOne(
      scenario({
        steps: [
          http({ method: 'POST', path: '/late' }),
          noMessage({ withinMs: 300 }),
          noMessage({ withinMs: 800 }),
        ],
      }),
      target,
    );
    expect(result.outcome).toBe('failed');
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'passed', 'failed']);
    expect(result.steps[2]?.checks[0]?.passed).toBe(false);
  });

  it('normalises flat messages to the envelope form before matching', async () => {
    target.route('POST', '/me/interactions/i1', ({ res, user }) => {
      target.deliver(user ?? '', {
        messageTypeName: 'InteractionStateMessage',
        notificationType: 'StatusChange',
        id: 'i1',
        state: 'Processing',
        channel: 'chat',
      });
      json(res, 200, { status: 'ok' });
    });
    const result = await runOne(
      scenario({
        steps: [
          accept(),
          message({
            match: {
              data: { messageType: 'InteractionStateMessage', interaction: { id: 'i1', mediaType: 'chat' } },
            },
          }),
        ],
      }),
      target,
      { dialect: 'flat' },
    );
    expect(result.outcome).toBe('passed');
  });
});

describe('CometD sessions', () => {
  it('keeps two actors in one process on separate sessions: one handshake each', async () => {
    target.route('POST', '/both', ({ res }) => {
      target.deliver('agent01', processing('a'));
      target.deliver('agent02', processing('b'));
      json(res, 200, {});
    });
    const result = await runOne(
      scenario({
        actors: [agent('alice'), agent('bob')],
        steps: [
          http({ method: 'POST', path: '/both' }),
          message({ actor: 'alice', match: expectProcessing('a') }),
          message({ actor: 'bob', match: expectProcessing('b') }),
          http({ actor: 'bob', method: 'POST', path: '/both' }),
          message({ actor: 'bob', match: expectProcessing('b') }),
          message({ actor: 'alice', match: expectProcessing('a') }),
        ],
        noUnexpectedMessages: true,
      }),
      target,
    );
    expect(result.outcome).toBe('passed');
    expect(target.handshakes.get('agent01')).toBe(1);
    expect(target.handshakes.get('agent02')).toBe(1);
    const browsers = [...(target.browsers.get('agent01') ?? []), ...(target.browsers.get('agent02') ?? [])];
    expect(new Set(browsers).size).toBe(browsers.length);
  });

  it("a refused handshake fails IX-AUTH-04 (the target's failure), clearly and with no retry loop", async () => {
    const result = await runOne(scenario({ steps: [] }), target, { users: ['intruder'] });
    expect(result.outcome).toBe('failed');
    expect(result.steps[0]).toMatchObject({
      kind: 'connect',
      outcome: 'failed',
      requirements: ['IX-AUTH-04'],
    });
    expect(result.reason).toContain('handshake refused');
    expect(result.reason).toContain('403');
    await sleep(300);
    expect(target.requests.filter((r) => r.path.includes('notifications'))).toHaveLength(0);
  });
});
