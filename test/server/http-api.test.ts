import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { Agent, basic, call, createInteraction, expectVariant } from './support.js';

let server: RunningServer;
let a1: Agent;
let a2: Agent;

beforeAll(async () => {
  server = await startReferenceServer();
  a1 = new Agent(server, 'agent01');
  a2 = new Agent(server, 'agent02');
});
afterAll(() => server.close());
beforeEach(async () => {
  expect((await call(`${server.controlUrl}/reset`, 'POST')).status).toBe(204);
});

async function processing(agent: Agent, mediaType = 'chat'): Promise<string> {
  const id = await createInteraction(server, { mediaType, agent: agent.user });
  expectVariant('Accept.success', (await agent.op(id, { operationName: 'Accept' })).body);
  return id;
}

describe('authentication and roles', () => {
  it('refuses a request without credentials and with a bad password (401, statusCode 20)', async () => {
    for (const auth of ['none', basic('agent01', 'wrong')]) {
      const res = await call(`${server.baseUrl}/me/interactions`, 'GET', { auth });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 20, statusMessage: 'Access denied' });
      expectVariant('Error.statusCode', res.body);
    }
  });

  it('accepts the JSESSIONID cookie alone after a Basic login', async () => {
    const first = await a1.get('/me/interactions');
    const cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^JSESSIONID=\w+/);
    const again = await call(`${server.baseUrl}/me/interactions`, 'GET', { headers: { cookie } });
    expect(again.status).toBe(200);
    expectVariant('ListMyInteractions.uris', again.body);
  });

  it('answers 403/5 to a role without permission', async () => {
    const admin = new Agent(server, 'admin');
    const norole = new Agent(server, 'norole');
    const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    for (const res of [
      await admin.get('/me/interactions'),
      await admin.get(`/interactions/${id}`),
      await admin.put(`/interactions/${id}`, { userData: { a: 1 } }),
      await admin.op(id, { operationName: 'Accept' }),
      await norole.op(id, { operationName: 'Complete' }),
      await norole.get('/interactions'),
    ]) {
      expect(res.status).toBe(403);
      expect((res.body as { statusCode: number }).statusCode).toBe(5);
      expectVariant('Error.statusCode', res.body);
    }
  });

  it('lets the admin list every active interaction', async () => {
    const id = await createInteraction(server, { mediaType: 'email', agent: 'agent03' });
    const res = await new Agent(server, 'admin').get('/interactions');
    expectVariant('ListInteractions.success', res.body);
    expect((res.body as { interactions: Array<{ id: string }> }).interactions.map((i) => i.id)).toEqual([id]);
  });

  it('answers an unknown route with 404 and statusCode 6, as JSON', async () => {
    const res = await call(`${server.baseUrl}/nowhere`, 'GET', { auth: basic('agent01') });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect((res.body as { statusCode: number }).statusCode).toBe(6);
  });
});

describe('listings', () => {
  it('lists only the caller’s interactions, with absolute URIs, and the full form with fields=*', async () => {
    const mine = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    await createInteraction(server, { mediaType: 'chat', agent: 'agent02' });
    const uris = await a1.get('/me/interactions');
    expectVariant('ListMyInteractions.uris', uris.body);
    expect((uris.body as { uris: string[] }).uris).toEqual([`${server.baseUrl}/interactions/${mine}`]);
    const full = await call(`${server.baseUrl}/me/interactions?fields=*`, 'GET', { auth: basic('agent01') });
    expectVariant('ListMyInteractions.full', full.body);
    expect((full.body as { interactions: Array<{ id: string }> }).interactions.map((i) => i.id)).toEqual([
      mine,
    ]);
  });

  it('drops completed interactions from every listing, keeps queued ones in GET /interactions', async () => {
    const id = await processing(a1);
    const queued = await createInteraction(server, { mediaType: 'workitem', queue: 'sales' });
    expectVariant('Complete.success', (await a1.op(id, { operationName: 'Complete' })).body);
    const all = (await a1.get('/interactions')).body as {
      interactions: Array<{ id: string; state: string }>;
    };
    expect(all.interactions.map((i) => [i.id, i.state])).toEqual([[queued, 'Queued']]);
    expect(((await a1.get('/me/interactions')).body as { uris: string[] }).uris).toEqual([]);
  });
});

describe('GET and PUT /interactions/{id}', () => {
  it('answers the detail, 6 when unknown, 3 for another agent’s', async () => {
    const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01', userData: { k: 'v' } });
    const detail = await a1.get(`/interactions/${id}`);
    expectVariant('GetInteraction.success', detail.body);
    expect(detail.body).toMatchObject({
      interaction: { id, state: 'Invited', capabilities: ['Accept', 'Reject'] },
    });
    const unknown = await a1.get('/interactions/0000000000000000');
    expectVariant('Error.statusCode', unknown.body);
    expect(unknown.body).toMatchObject({ statusCode: 6 });
    const other = await a2.get(`/interactions/${id}`);
    expect(other.body).toMatchObject({ statusCode: 3 });
  });

  it('answers an id with a malformed %-escape as unknown (6; 404 on the control API), not as an internal error', async () => {
    const unknown = await a1.get('/interactions/%E0%A4%A');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ statusCode: 6 });
    const op = await a1.op('%E0', { operationName: 'Complete' });
    expect(op.body).toMatchObject({ statusCode: 6 });
    expect((await call(`${server.controlUrl}/interactions/%E0`, 'GET')).status).toBe(404);
  });

  it('PUT merges userData like UpdateUserData, refuses unknown ids and missing userData', async () => {
    const id = await createInteraction(server, {
      mediaType: 'chat',
      agent: 'agent01',
      userData: { n: { a: 1 } },
    });
    await a1.op(id, { operationName: 'Accept' });
    const ok = await a1.put(`/interactions/${id}`, { userData: { n: { b: 2 } } });
    expectVariant('UpdateInteraction.success', ok.body);
    expect((await a1.get(`/interactions/${id}`)).body).toMatchObject({
      interaction: { userData: { n: { a: 1, b: 2 } } },
    });
    expect((await a1.put('/interactions/0000000000000000', { userData: {} })).body).toMatchObject({
      statusCode: 6,
    });
    expect((await a1.put(`/interactions/${id}`, {})).body).toMatchObject({ statusCode: 1 });
  });
});

describe('POST /me/interactions/{id}: input errors', () => {
  it('maps malformed JSON to 2, missing operationName to 1, unknown operationName to 2', async () => {
    const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    const url = `${server.baseUrl}/me/interactions/${id}`;
    const malformed = await call(url, 'POST', { auth: basic('agent01'), rawBody: '{"operationName":' });
    const missing = await a1.op(id, { foo: 1 });
    const unknown = await a1.op(id, { operationName: 'Dance' });
    for (const [res, code] of [
      [malformed, 2],
      [missing, 1],
      [unknown, 2],
    ] as const) {
      expect(res.status).toBe(200);
      expectVariant('Error.statusCode', res.body);
      expect(res.body).toMatchObject({ statusCode: code });
    }
  });

  it('answers a known operation with a missing or wrong field in its own failure variant', async () => {
    const id = await processing(a1);
    expectVariant('PlaceInQueue.failure', (await a1.op(id, { operationName: 'PlaceInQueue' })).body);
    expectVariant('PlaceInWorkbin.failure', (await a1.op(id, { operationName: 'PlaceInWorkbin' })).body);
    expectVariant('AttachUserData.failure', (await a1.op(id, { operationName: 'AttachUserData' })).body);
    const notObject = await a1.op(id, { operationName: 'UpdateUserData', userData: 'x' });
    expectVariant('UpdateUserData.failure', notObject.body);
    const noUser = await a1.op(id, { operationName: 'Transfer' });
    expectVariant('Transfer.failure', noUser.body);
    expect(noUser.body).toMatchObject({ statusCode: 1 });
    const badUser = await a1.op(id, { operationName: 'Transfer', userId: 7 });
    expect(badUser.body).toMatchObject({ statusCode: 2 });
  });

  it('answers an unknown id in each operation’s failure variant (statusCode 6 for that family)', async () => {
    const unknown = '0000000000000000';
    const bodies: Record<string, Record<string, unknown>> = {
      Accept: {},
      Reject: {},
      Complete: {},
      Cancel: {},
      PlaceInQueue: { queueName: 'support' },
      AttachUserData: { userData: { a: 1 } },
      UpdateUserData: { userData: { a: 1 } },
      DeleteUserData: { userData: { a: 1 } },
      PlaceInWorkbin: { workbin: 'followup' },
      Transfer: { userId: 'agent02' },
      Reply: {},
      ReplyAll: {},
    };
    for (const [operationName, extra] of Object.entries(bodies)) {
      const res = await a1.op(unknown, { operationName, ...extra });
      expect(res.status).toBe(200);
      expectVariant(`${operationName}.failure`, res.body);
      if ('statusCode' in (res.body as object)) expect(res.body).toMatchObject({ statusCode: 6 });
    }
  });
});

describe('POST /me/interactions/{id}: operations', () => {
  it('Accept: success, twice refused, another agent’s refused', async () => {
    const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    expectVariant('Accept.failure', (await a2.op(id, { operationName: 'Accept' })).body);
    expectVariant('Accept.success', (await a1.op(id, { operationName: 'Accept' })).body);
    expectVariant('Accept.failure', (await a1.op(id, { operationName: 'Accept' })).body);
    expect((await a1.get(`/interactions/${id}`)).body).toMatchObject({
      interaction: {
        state: 'Processing',
        capabilities: [
          'Complete',
          'Transfer',
          'PlaceInQueue',
          'PlaceInWorkbin',
          'AttachUserData',
          'UpdateUserData',
          'DeleteUserData',
        ],
      },
    });
  });

  it('Reject: success; refused when Processing or by another agent', async () => {
    const id = await createInteraction(server, { mediaType: 'chat', agent: 'agent01', queue: 'billing' });
    expectVariant('Reject.failure', (await a2.op(id, { operationName: 'Reject' })).body);
    expectVariant('Reject.success', (await a1.op(id, { operationName: 'Reject' })).body);
    const back = await call(`${server.controlUrl}/interactions/${id}`, 'GET');
    expect(back.body).toMatchObject({ state: 'Queued', queue: 'billing', owner: null, invitee: null });
    const p = await processing(a1);
    expectVariant('Reject.failure', (await a1.op(p, { operationName: 'Reject' })).body);
  });

  it('Complete: success; before Accept 2; another agent’s 3; twice refused', async () => {
    const id = await createInteraction(server, { mediaType: 'workitem', agent: 'agent01' });
    const early = await a1.op(id, { operationName: 'Complete' });
    expectVariant('Complete.failure', early.body);
    expect(early.body).toMatchObject({ statusCode: 2 });
    await a1.op(id, { operationName: 'Accept' });
    expect((await a2.op(id, { operationName: 'Complete' })).body).toMatchObject({ statusCode: 3 });
    expectVariant('Complete.success', (await a1.op(id, { operationName: 'Complete' })).body);
    expectVariant('Complete.failure', (await a1.op(id, { operationName: 'Complete' })).body);
  });

  it('PlaceInQueue: success; unknown queue, before Accept and another agent’s refused', async () => {
    const invited = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    expectVariant(
      'PlaceInQueue.failure',
      (await a1.op(invited, { operationName: 'PlaceInQueue', queueName: 'sales' })).body,
    );
    const id = await processing(a1);
    expectVariant(
      'PlaceInQueue.failure',
      (await a1.op(id, { operationName: 'PlaceInQueue', queueName: 'nope' })).body,
    );
    expectVariant(
      'PlaceInQueue.failure',
      (await a2.op(id, { operationName: 'PlaceInQueue', queueName: 'sales' })).body,
    );
    expectVariant(
      'PlaceInQueue.success',
      (await a1.op(id, { operationName: 'PlaceInQueue', queueName: 'sales' })).body,
    );
    const all = (await a1.get('/interactions')).body as {
      interactions: Array<{ id: string; queue?: string; state: string }>;
    };
    expect(all.interactions.find((i) => i.id === id)).toMatchObject({ state: 'Queued', queue: 'sales' });
  });

  it('user data: attach shallow, update deep, delete keys; refused when Invited or another agent’s', async () => {
    const invited = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    expectVariant(
      'AttachUserData.failure',
      (await a1.op(invited, { operationName: 'AttachUserData', userData: { a: 1 } })).body,
    );
    const id = await processing(a1);
    expectVariant(
      'AttachUserData.failure',
      (await a2.op(id, { operationName: 'AttachUserData', userData: { a: 1 } })).body,
    );
    const attach = await a1.op(id, {
      operationName: 'AttachUserData',
      userData: { a: 1, n: { x: 1, y: 2 } },
    });
    expectVariant('AttachUserData.success', attach.body);
    await a1.op(id, { operationName: 'AttachUserData', userData: { n: { z: 3 } } });
    const detail = async () =>
      ((await a1.get(`/interactions/${id}`)).body as { interaction: { userData: unknown } }).interaction
        .userData;
    expect(await detail()).toEqual({ a: 1, n: { z: 3 } });
    expectVariant(
      'UpdateUserData.success',
      (await a1.op(id, { operationName: 'UpdateUserData', userData: { n: { w: [1, 'two'] }, b: 'new' } }))
        .body,
    );
    expect(await detail()).toEqual({ a: 1, b: 'new', n: { z: 3, w: [1, 'two'] } });
    expectVariant(
      'DeleteUserData.success',
      (await a1.op(id, { operationName: 'DeleteUserData', userData: { a: 0, absent: '' } })).body,
    );
    expect(await detail()).toEqual({ b: 'new', n: { z: 3, w: [1, 'two'] } });
  });

  it('PlaceInWorkbin and GetWorkbinContent: success and refusals', async () => {
    const invited = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    expectVariant(
      'PlaceInWorkbin.failure',
      (await a1.op(invited, { operationName: 'PlaceInWorkbin', workbin: 'followup' })).body,
    );
    const id = await processing(a1);
    expectVariant(
      'PlaceInWorkbin.failure',
      (await a1.op(id, { operationName: 'PlaceInWorkbin', workbin: 'nope' })).body,
    );
    expectVariant(
      'PlaceInWorkbin.success',
      (await a1.op(id, { operationName: 'PlaceInWorkbin', workbin: 'followup' })).body,
    );
    expectVariant(
      'GetWorkbinContent.success',
      (await a1.op(id, { operationName: 'GetWorkbinContent', workbin: 'followup' })).body,
    );
    expectVariant(
      'GetWorkbinContent.failure',
      (await a1.op(id, { operationName: 'GetWorkbinContent' })).body,
    );
    expectVariant(
      'GetWorkbinContent.failure',
      (await a1.op(id, { operationName: 'GetWorkbinContent', workbin: 'nope' })).body,
    );
  });

  it('Transfer: success; unknown user 6; self 2; non-agent 2; before Accept 2; another agent’s 3', async () => {
    const invited = await createInteraction(server, { mediaType: 'chat', agent: 'agent01' });
    expect((await a1.op(invited, { operationName: 'Transfer', userId: 'agent02' })).body).toMatchObject({
      statusCode: 2,
    });
    const id = await processing(a1);
    expect((await a1.op(id, { operationName: 'Transfer', userId: 'ghost' })).body).toMatchObject({
      statusCode: 6,
    });
    expect((await a1.op(id, { operationName: 'Transfer', userId: 'agent01' })).body).toMatchObject({
      statusCode: 2,
    });
    expect((await a1.op(id, { operationName: 'Transfer', userId: 'admin' })).body).toMatchObject({
      statusCode: 2,
    });
    expect((await a2.op(id, { operationName: 'Transfer', userId: 'agent03' })).body).toMatchObject({
      statusCode: 3,
    });
    const ok = await a1.op(id, { operationName: 'Transfer', userId: 'agent02' });
    expectVariant('Transfer.success', ok.body);
  });

  it('Reply, ReplyAll and Cancel: success and refusals', async () => {
    const chat = await processing(a1);
    expectVariant('Reply.failure', (await a1.op(chat, { operationName: 'Reply' })).body);
    const email = await processing(a1, 'email');
    expectVariant('Reply.success', (await a1.op(email, { operationName: 'Reply' })).body);
    expectVariant('ReplyAll.success', (await a1.op(email, { operationName: 'ReplyAll' })).body);
    const cancelParent = await a1.op(email, { operationName: 'Cancel' });
    expectVariant('Cancel.failure', cancelParent.body);
    expect(cancelParent.body).toMatchObject({ statusCode: 2 });
    const full = (await call(`${server.baseUrl}/me/interactions?fields=*`, 'GET', { auth: basic('agent01') }))
      .body as { interactions: Array<{ id: string; state: string; parentId?: string }> };
    const replies = full.interactions.filter((i) => i.parentId === email);
    expect(replies.map((r) => r.state)).toEqual(['Composing', 'Composing']);
    const first = replies[0]?.id ?? '';
    expect((await a2.op(first, { operationName: 'Cancel' })).body).toMatchObject({ statusCode: 3 });
    expectVariant('Cancel.success', (await a1.op(first, { operationName: 'Cancel' })).body);
    expectVariant('Cancel.failure', (await a1.op(first, { operationName: 'Cancel' })).body);
  });
});
