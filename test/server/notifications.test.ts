import type { Message } from 'cometd';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import {
  Agent,
  basic,
  call,
  controlView,
  createInteraction,
  expectVariant,
  Listener,
  stateOf,
} from './support.js';

let server: RunningServer;
const listeners: Listener[] = [];

async function connect(user: string): Promise<Listener> {
  const l = await Listener.connect(server, user);
  listeners.push(l);
  return l;
}

function data(m: Message | undefined): Record<string, unknown> {
  return (m?.data ?? {}) as Record<string, unknown>;
}

beforeAll(async () => {
  server = await startReferenceServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  expect((await call(`${server.controlUrl}/reset`, 'POST')).status).toBe(204);
});
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.disconnect()));
});

describe('notifications (envelope dialect)', () => {
  it('notifies the invitation, Accept and Complete to the agent alone, each once and valid', async () => {
    const [l1, l2] = [await connect('agent01'), await connect('agent02')];
    const a1 = new Agent(server, 'agent01');
    const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01', userData: { k: 1 } });
    await a1.op(id, { operationName: 'Accept', referenceId: 'ref-7' });
    await a1.op(id, { operationName: 'Complete' });
    await Promise.all([l1.barrier(), l2.barrier()]);
    const mine = l1.about(id);
    expect(mine.map(stateOf)).toEqual(['Invited', 'Processing', 'Completed']);
    for (const m of mine) expectVariant('Notification.StatusChange', m);
    expect(data(mine[0])).toMatchObject({
      interaction: { capabilities: ['Accept', 'Reject'], userData: { k: 1 } },
    });
    expect(data(mine[1]).referenceId).toBe('ref-7');
    expect(data(mine[2])).toMatchObject({ interaction: { capabilities: [] } });
    expect(l2.notifications).toEqual([]);
  });

  it('sends PropertiesUpdated with the whole interaction to the owner only', async () => {
    const [l1, l2] = [await connect('agent01'), await connect('agent02')];
    const a1 = new Agent(server, 'agent01');
    const id = await createInteraction(server, { mediaType: 'email', agent: 'agent01' });
    await a1.op(id, { operationName: 'Accept' });
    await a1.op(id, { operationName: 'AttachUserData', userData: { n: { a: 1 } } });
    await a1.op(id, { operationName: 'DeleteUserData', userData: { absent: 1 } });
    await Promise.all([l1.barrier(), l2.barrier()]);
    const updates = l1.about(id, 'PropertiesUpdated');
    expect(updates).toHaveLength(2);
    for (const m of updates) expectVariant('Notification.PropertiesUpdated', m);
    expect(data(updates[0])).toMatchObject({
      interaction: { userData: { n: { a: 1 } }, state: 'Processing' },
    });
    expect(l2.notifications).toEqual([]);
  });

  it('transfers between two agents: sender Revoked, target Invited then owner, user data kept', async () => {
    const [l1, l2] = [await connect('agent01'), await connect('agent02')];
    const [a1, a2] = [new Agent(server, 'agent01'), new Agent(server, 'agent02')];
    const id = await createInteraction(server, {
      mediaType: 'chat',
      agent: 'agent01',
      userData: { keep: 'me' },
    });
    await a1.op(id, { operationName: 'Accept' });
    expectVariant(
      'Transfer.success',
      (await a1.op(id, { operationName: 'Transfer', userId: 'agent02' })).body,
    );
    await l2.waitFor((m) => stateOf(m) === 'Invited');
    expectVariant('Accept.success', (await a2.op(id, { operationName: 'Accept' })).body);
    await Promise.all([l1.barrier(), l2.barrier()]);
    expect(l1.about(id).map(stateOf)).toEqual(['Invited', 'Processing', 'Revoked']);
    expect(l2.about(id).map(stateOf)).toEqual(['Invited', 'Processing']);
    expect(data(l2.about(id)[1])).toMatchObject({ interaction: { userData: { keep: 'me' } } });
    expect(await controlView(server, id)).toMatchObject({ state: 'Processing', owner: 'agent02' });
  });

  it('re-offers a rejected interaction to another available agent, never back to the rejecter', async () => {
    const [l1, l2] = [await connect('agent01'), await connect('agent02')];
    const [a1, a2] = [new Agent(server, 'agent01'), new Agent(server, 'agent02')];
    const id = await createInteraction(server, { mediaType: 'workitem', agent: 'agent01', queue: 'sales' });
    expectVariant('Reject.success', (await a1.op(id, { operationName: 'Reject' })).body);
    await l2.waitFor((m) => stateOf(m) === 'Invited');
    expect(await controlView(server, id)).toMatchObject({ state: 'Invited', invitee: 'agent02' });
    await a2.op(id, { operationName: 'Reject' });
    await Promise.all([l1.barrier(), l2.barrier()]);
    expect(l1.about(id).map(stateOf)).toEqual(['Invited', 'Revoked']);
    expect(l2.about(id).map(stateOf)).toEqual(['Invited', 'Revoked']);
    expect(await controlView(server, id)).toMatchObject({ state: 'Queued', queue: 'sales', invitee: null });
  });

  it('places in a workbin and sends its content to the requester alone', async () => {
    const [l1, l2] = [await connect('agent01'), await connect('agent02')];
    const a1 = new Agent(server, 'agent01');
    const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    await a1.op(id, { operationName: 'Accept' });
    await a1.op(id, { operationName: 'PlaceInWorkbin', workbin: 'followup' });
    await a1.op(id, { operationName: 'GetWorkbinContent', workbin: 'followup', referenceId: 'wb' });
    const [content] = await l1.waitFor((m) => data(m).messageType === 'WorkbinContentMessage');
    expectVariant('Notification.WorkbinContent', content);
    expect(data(content)).toMatchObject({ workbin: 'followup', interactions: [{ id, state: 'InWorkbin' }] });
    const inWorkbin = l1.about(id).find((m) => stateOf(m) === 'InWorkbin');
    expect(data(inWorkbin)).toMatchObject({ interaction: { workbin: 'followup', capabilities: [] } });
    await l2.barrier();
    expect(l2.notifications).toEqual([]);
    expect(((await a1.get('/me/interactions')).body as { uris: string[] }).uris).toEqual([]);
  });

  it('email reply then cancel: Composing reply notified, Revoked on Cancel, parent stays Processing', async () => {
    const l1 = await connect('agent01');
    const a1 = new Agent(server, 'agent01');
    const email = await createInteraction(server, { mediaType: 'email', agent: 'agent01' });
    await a1.op(email, { operationName: 'Accept' });
    await a1.op(email, { operationName: 'Reply' });
    const [composing] = await l1.waitFor((m) => stateOf(m) === 'Composing');
    const reply = data(composing).interaction as { id: string; parentId: string; capabilities: string[] };
    expect(reply).toMatchObject({ parentId: email, capabilities: ['Cancel'] });
    expectVariant('Cancel.success', (await a1.op(reply.id, { operationName: 'Cancel' })).body);
    await l1.barrier();
    expect(l1.about(reply.id).map(stateOf)).toEqual(['Composing', 'Revoked']);
    expect(await controlView(server, email)).toMatchObject({ state: 'Processing', owner: 'agent01' });
  });

  it('refuses a CometD handshake without valid credentials', async () => {
    await expect(Listener.connect(server, 'agent01', 'wrong')).rejects.toThrow(
      /handshake refused.*403::handshake_denied/,
    );
  });

  it('accepts a handshake carrying only the session cookie', async () => {
    const login = await call(`${server.baseUrl}/me/interactions`, 'GET', { auth: basic('agent03') });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const { CometD } = await import('cometd');
    const cometd = new CometD();
    cometd.unregisterTransport('websocket');
    cometd.configure({
      url: server.cometdUrl,
      logLevel: 'warn',
      requestHeaders: { Cookie: `${cookie}; BAYEUX_BROWSER=cookie-only` },
    });
    const reply = await new Promise<Message>((resolve) => cometd.handshake(resolve));
    expect(reply.successful).toBe(true);
    await new Promise<void>((resolve) => cometd.disconnect(() => resolve()));
  });
});

describe('flat dialect', () => {
  let flat: RunningServer;
  beforeAll(async () => {
    flat = await startReferenceServer({ dialect: 'flat' });
  });
  afterAll(() => flat.close());

  it('sends flat messages that validate against the flat schema and not the envelope one', async () => {
    const l1 = await Listener.connect(flat, 'agent01');
    listeners.push(l1);
    const id = await createInteraction(flat, { mediaType: 'email', agent: 'agent01' });
    await new Agent(flat, 'agent01').op(id, { operationName: 'Accept' });
    await new Agent(flat, 'agent01').op(id, { operationName: 'PlaceInWorkbin', workbin: 'pending' });
    await l1.barrier();
    const msgs = l1.about(id);
    expect(msgs.map(stateOf)).toEqual(['Invited', 'Processing', 'InWorkbin']);
    for (const m of msgs) expectVariant('Notification.StatusChange', m, { dialect: 'flat' });
    expect(data(msgs[0])).toMatchObject({ messageTypeName: 'InteractionStateMessage', id, channel: 'email' });
    expect(() => expectVariant('Notification.StatusChange', msgs[0], { dialect: 'envelope' })).toThrow();
    const content = l1.messages.find((m) => data(m).messageTypeName === 'WorkbinContentMessage');
    expectVariant('Notification.WorkbinContent', content, { dialect: 'flat' });
  });
});
