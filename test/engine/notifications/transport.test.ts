import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CometdError } from '../../../src/engine/cometd/index.js';
import { HarnessError } from '../../../src/engine/errors.js';
import type { NotificationMessage, NotificationTransport } from '../../../src/engine/notifications/index.js';
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

/**
 * A transport double (this unit test only): each open session is kept, so the test can push a
 * message to an actor the way a transport would, after the step that causes it.
 */
function scriptedTransport() {
  const deliver = new Map<string, (m: NotificationMessage) => void>();
  const opened: Array<{ actor: string; channels: string[] }> = [];
  let closed = 0;
  const transport: NotificationTransport = {
    name: 'long-polling',
    open: async (actor, channels, onMessage) => {
      opened.push({ actor: actor.name, channels });
      deliver.set(actor.name, onMessage);
      return {
        handshakes: 1,
        close: async () => {
          closed++;
        },
      };
    },
  };
  return { transport, deliver, opened, closed: () => closed };
}

const statusChange = (state: string) => ({
  channel: '/v2/me/interactions',
  data: {
    messageType: 'InteractionStateMessage',
    notificationType: 'StatusChange',
    interaction: { id: 'abc', state },
  },
});

describe('notification transports behind one interface', () => {
  it("the runner opens one session per listening actor and feeds the transport's messages to the steps", async () => {
    const scripted = scriptedTransport();
    target.route('POST', '/me/interactions/abc', ({ res }) => {
      json(res, 200, { status: 'ok' });
      // The transport delivers the notification the operation causes.
      scripted.deliver.get('alice')?.(statusChange('Processing'));
    });
    const result = await runOne(
      scenario({
        actors: [agent('alice'), agent('bob'), agent('carol', false)],
        steps: [
          http({ method: 'POST', path: '/me/interactions/abc', body: { operationName: 'Accept' } }),
          message({ actor: 'alice', match: { data: { interaction: { id: 'abc', state: 'Processing' } } } }),
          noMessage({ actor: 'bob', channel: '/v2/other' }),
        ],
      }),
      target,
      { users: ['agent01', 'agent02', 'agent03'], notifications: scripted.transport },
    );
    expect(result.steps.map((s) => s.outcome)).toEqual(['passed', 'passed', 'passed']);
    expect(result.messages.map((m) => [m.actor, m.consumedBy])).toEqual([['alice', 1]]);
    expect(scripted.opened).toEqual([
      { actor: 'alice', channels: ['/v2/me/interactions'] },
      { actor: 'bob', channels: ['/v2/me/interactions', '/v2/other'] },
    ]);
    expect(scripted.closed()).toBe(2);
  });

  it('a session the target refuses fails the handshake requirement; one the harness cannot set up is an error with its code', async () => {
    const refusing: NotificationTransport = {
      name: 'long-polling',
      open: async () => {
        throw new CometdError('IC_E_COMETD_HANDSHAKE_REFUSED', 'handshake refused: 403::denied');
      },
    };
    const refused = await runOne(scenario({ steps: [message({ match: {} })] }), target, {
      notifications: refusing,
    });
    expect(refused.outcome).toBe('failed');
    expect(refused.steps[0]?.kind).toBe('connect');
    expect(refused.steps[0]?.requirements).toEqual(['IX-AUTH-04']);
    expect(refused.reason).toContain('handshake refused');

    const broken: NotificationTransport = {
      name: 'long-polling',
      open: async () => {
        throw new HarnessError('IC_E_INTERNAL', 'the transport could not start');
      },
    };
    const errored = await runOne(scenario({ steps: [message({ match: {} })] }), target, {
      notifications: broken,
    });
    expect(errored.outcome).toBe('error');
    expect(errored.errorCode).toBe('IC_E_INTERNAL');
    expect(errored.reason).toContain('the transport could not start');
  });
});
