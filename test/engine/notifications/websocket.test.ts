import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { ActorHttp, HttpPools } from '../../../src/engine/http/index.js';
import {
  createNotificationTransport,
  type NotificationEvent,
  type NotificationMessage,
  type NotificationSession,
  webSocketUrl,
  websocketTransport,
} from '../../../src/engine/notifications/index.js';
import { type FakeTarget, json, PASSWORD, startFakeTarget } from '../../helpers/fake-target.js';
import { type FayeTarget, startFayeTarget } from '../../helpers/faye-server.js';
import { runOne } from '../../helpers/run-one.js';
import { agent, http, message, scenario } from '../../helpers/scenario.js';

const HANDSHAKE_MS = 3000;
let faye: FayeTarget;
let pools: HttpPools;
const sessions: NotificationSession[] = [];

beforeEach(async () => {
  faye = await startFayeTarget({ agent01: PASSWORD, agent02: PASSWORD });
  pools = new HttpPools();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await faye.close();
  await pools.close();
});

const actor = (username: string, password = PASSWORD) => ({
  name: username,
  http: new ActorHttp(pools, { username, password }),
});

/** Opens a session on the faye target, recording what it receives and its events. */
async function listen(username: string, password = PASSWORD) {
  const received: NotificationMessage[] = [];
  const events: NotificationEvent[] = [];
  const transport = websocketTransport({ url: faye.cometdUrl, handshakeMs: HANDSHAKE_MS });
  const session = await transport.open(
    actor(username, password),
    ['/v2/me/interactions'],
    (m) => received.push(m),
    { onEvent: (e) => events.push(e) },
  );
  sessions.push(session);
  return { session, received, events };
}

const state = (id: string, s: string) => ({
  messageType: 'InteractionStateMessage',
  notificationType: 'StatusChange',
  interaction: { id, state: s },
});

describe('CometD over WebSocket (faye, per-actor authentication)', () => {
  it('derives the WebSocket URL from the CometD URL and is chosen by its config name', () => {
    expect(webSocketUrl('http://h:1/api/v2/notifications')).toBe('ws://h:1/api/v2/notifications');
    expect(webSocketUrl('https://h/cometd')).toBe('wss://h/cometd');
    expect(createNotificationTransport('websocket', { url: 'http://h/c', handshakeMs: 1 }).name).toBe(
      'websocket',
    );
  });

  it('two actors each receive only their own notifications', async () => {
    const alice = await listen('agent01');
    const bob = await listen('agent02');
    await faye.notify('agent01', state('a1', 'Invited'));
    await faye.notify('agent02', state('b1', 'Invited'));
    await faye.notify('agent01', state('a1', 'Processing'));
    await vi.waitFor(() => expect(alice.received).toHaveLength(2), { timeout: 3000 });
    await vi.waitFor(() => expect(bob.received).toHaveLength(1), { timeout: 3000 });
    expect(alice.received).toEqual([
      { channel: '/v2/me/interactions', data: state('a1', 'Invited') },
      { channel: '/v2/me/interactions', data: state('a1', 'Processing') },
    ]);
    expect(bob.received).toEqual([{ channel: '/v2/me/interactions', data: state('b1', 'Invited') }]);
    expect(faye.handshakes.sort()).toEqual(['agent01', 'agent02']);
    expect(alice.session.handshakes).toBe(1);
  });

  it('a wrong password is a refused handshake', async () => {
    await expect(listen('agent01', 'wrong')).rejects.toMatchObject({
      code: 'IC_E_COMETD_HANDSHAKE_REFUSED',
      message: expect.stringContaining('403::bad credentials'),
    });
    expect(faye.handshakes).toEqual([]);
  });

  it.each(['header', 'ext'] as const)(
    'authenticates on a server that reads the credentials from the %s alone',
    async (readsFrom) => {
      await faye.close();
      faye = await startFayeTarget({ agent01: PASSWORD }, readsFrom);
      await listen('agent01');
      expect(faye.handshakes).toEqual(['agent01']);
      await expect(listen('agent01', 'wrong')).rejects.toMatchObject({
        code: 'IC_E_COMETD_HANDSHAKE_REFUSED',
      });
    },
  );

  it('the cookie session sends no Authorization, on the upgrade or in ext', async () => {
    const transport = websocketTransport({ url: faye.cometdUrl, handshakeMs: HANDSHAKE_MS });
    await expect(
      transport.open(actor('agent01'), ['/v2/me/interactions'], () => undefined, { auth: 'session' }),
    ).rejects.toMatchObject({ code: 'IC_E_COMETD_HANDSHAKE_REFUSED' });
  });

  it('a dropped session (402) is handshaken and subscribed again, and reported', async () => {
    const alice = await listen('agent01');
    faye.dropSessionOf('agent01');
    // The held connect returns when the server has something to say: a notification wakes it.
    await faye.notify('agent01', state('a1', 'Invited'));
    await vi.waitFor(() => expect(alice.session.handshakes).toBe(2), { timeout: 5000 });
    await vi.waitFor(() => expect(alice.events.map((e) => e.kind)).toEqual(['session-lost', 'rehandshake']), {
      timeout: 3000,
    });
    expect(alice.events[0]?.detail).toContain('402::Unknown client');
    await faye.notify('agent01', state('a2', 'Invited'));
    await vi.waitFor(
      () =>
        expect(alice.received.map((m) => (m.data as ReturnType<typeof state>).interaction.id)).toContain(
          'a2',
        ),
      { timeout: 3000 },
    );
  });

  it('a target that refuses every connect is handshaken again 3 times, then given up on', async () => {
    const alice = await listen('agent01');
    faye.dropSessionOf('agent01', 100);
    await faye.notify('agent01', state('a1', 'Invited'));
    await vi.waitFor(() => expect(alice.events.at(-1)?.kind).toBe('connect-failed'), { timeout: 5000 });
    expect(alice.events.at(-1)?.detail).toContain('3 refused in a row');
    expect(alice.session.handshakes).toBe(4);
  });

  it('close() disconnects and ends the socket', async () => {
    const alice = await listen('agent01');
    expect(faye.openSockets()).toBe(1);
    await alice.session.close();
    await vi.waitFor(() => expect(faye.openSockets()).toBe(0), { timeout: 3000 });
    await faye.notify('agent01', state('a1', 'Invited'));
    expect(alice.received).toEqual([]);
  });
});

describe('CometD over WebSocket: servers that do not answer', () => {
  let server: Server;
  let url: string;
  const start = async (setUp: (s: Server) => void) => {
    server = createServer((_req, res) => {
      res.writeHead(404).end();
    });
    setUp(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cometd`;
  };
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a server that never answers the handshake is a timeout within the bound', async () => {
    const wss = new WebSocketServer({ noServer: true });
    await start((s) =>
      s.on('upgrade', (req, socket, head) => {
        socket.on('error', () => undefined);
        // Accepts the socket, then never answers a Bayeux message.
        wss.handleUpgrade(req, socket, head, () => undefined);
      }),
    );
    const transport = websocketTransport({ url, handshakeMs: 300 });
    await expect(
      transport.open(actor('agent01'), ['/v2/me/interactions'], () => undefined),
    ).rejects.toMatchObject({
      code: 'IC_E_COMETD_HANDSHAKE_TIMEOUT',
      message: expect.stringContaining('300 ms'),
    });
    for (const client of wss.clients) client.terminate();
    wss.close();
  });

  it('an upgrade answered with an HTTP status is a failed handshake', async () => {
    await start(() => undefined);
    const transport = websocketTransport({ url, handshakeMs: 1000 });
    await expect(
      transport.open(actor('agent01'), ['/v2/me/interactions'], () => undefined),
    ).rejects.toMatchObject({
      code: 'IC_E_COMETD_HANDSHAKE_FAILED',
      message: expect.stringContaining('HTTP 404'),
    });
  });
});

describe('the runner over the WebSocket transport', () => {
  let target: FakeTarget;
  beforeEach(async () => {
    target = await startFakeTarget();
  });
  afterEach(async () => {
    await target.close();
  });

  it('a message step receives the notification faye delivers to its actor', async () => {
    target.route('POST', '/me/interactions/abc', async ({ res }) => {
      await faye.notify('agent01', state('abc', 'Processing'));
      json(res, 200, { status: 'ok' });
    });
    const steps = [
      http({ method: 'POST', path: '/me/interactions/abc', body: { operationName: 'Accept' } }),
      message({
        actor: 'alice',
        withinMs: 500,
        match: { data: { interaction: { id: 'abc', state: 'Processing' } } },
      }),
    ];
    const notifications = websocketTransport({ url: faye.cometdUrl, handshakeMs: HANDSHAKE_MS });
    const passed = await runOne(scenario({ actors: [agent('alice')], steps }), target, { notifications });
    expect(passed.steps.map((s) => s.outcome)).toEqual(['passed', 'passed']);
    expect(passed.messages.map((m) => [m.actor, m.consumedBy])).toEqual([['alice', 1]]);

    // The same scenario fails when the notification goes to another user.
    target.route('POST', '/me/interactions/abc', async ({ res }) => {
      await faye.notify('agent02', state('abc', 'Processing'));
      json(res, 200, { status: 'ok' });
    });
    const failed = await runOne(scenario({ actors: [agent('alice')], steps }), target, { notifications });
    expect(failed.outcome).toBe('failed');
    expect(failed.steps[1]?.outcome).toBe('failed');
  });
});
