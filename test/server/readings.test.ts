/**
 * The reference server's readings (spec/readings.yaml): for every point, what the server answers
 * with the reference option and with the alternate one, over real HTTP. Each alternate server has
 * that one point switched and every other point at its reference option.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/engine/config/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { serveCommand } from '../../src/server/serve-command.js';
import { loadSpec } from '../../src/spec/index.js';
import { Agent, basic, call, controlView, createInteraction, expectVariant, Listener } from './support.js';

const POINTS = loadSpec().readings;
const UNKNOWN_ID = '0000000000000000';

const a = (server: RunningServer, user = 'agent01') => new Agent(server, user);
const invite = (server: RunningServer, mediaType = 'chat', agent = 'agent01') =>
  createInteraction(server, { mediaType, agent });
async function processing(server: RunningServer, mediaType = 'chat', agent = 'agent01'): Promise<string> {
  const id = await invite(server, mediaType, agent);
  const res = await a(server, agent).op(id, { operationName: 'Accept' });
  if (res.status !== 200) throw new Error(`Accept failed: ${res.status} ${res.text}`);
  return id;
}
const statusAndBody = (res: { status: number; body: unknown }) => [res.status, res.body];
const codeOf = (res: { body: unknown }) => (res.body as { statusCode?: number }).statusCode;
/** An agent's reply (Composing) to an email it holds; its id. */
async function replyTo(server: RunningServer, email: string, agent = 'agent01'): Promise<string> {
  await a(server, agent).op(email, { operationName: 'Reply' });
  const all = (await a(server, agent).get('/interactions')).body as {
    interactions: Array<{ id: string; parentId?: string }>;
  };
  const reply = all.interactions.find((i) => i.parentId === email);
  if (reply === undefined) throw new Error('no reply was created');
  return reply.id;
}
async function listed(server: RunningServer, id: string) {
  const all = (await a(server).get('/interactions')).body as {
    interactions: Array<{ id: string; state: string; queue?: string }>;
  };
  const ix = all.interactions.find((i) => i.id === id);
  return [ix?.state, ix?.queue, (await controlView(server, id)).state];
}

interface Case {
  /** An observation of the server; `reference` and `alternate` are what it must equal. */
  probe(server: RunningServer): Promise<unknown>;
  reference: unknown;
  alternate: unknown;
}

const JSON_TYPE = 'application/json; charset=utf-8';

const CASES: Record<string, Case> = {
  'accept-reject-success-body': {
    probe: async (s) => {
      const accepted = await a(s).op(await invite(s), { operationName: 'Accept' });
      const rejected = await a(s).op(await invite(s), { operationName: 'Reject' });
      return [accepted, rejected].map((r) => [
        r.status,
        r.headers['content-type'] ?? null,
        r.headers['content-length'],
        r.text,
      ]);
    },
    reference: [
      [200, JSON_TYPE, '15', '{"status":"ok"}'],
      [200, JSON_TYPE, '15', '{"status":"ok"}'],
    ],
    alternate: [
      [200, null, '0', ''],
      [200, null, '0', ''],
    ],
  },

  'business-error-http-status': {
    probe: async (s) => {
      const invited = await invite(s);
      const held = await processing(s);
      const url = `${s.baseUrl}/me/interactions/${held}`;
      const refusals = {
        'wrong state (statusCode family)': await a(s).op(invited, { operationName: 'Complete' }),
        'wrong state (status family)': await a(s).op(invited, {
          operationName: 'PlaceInQueue',
          queueName: 'sales',
        }),
        "another agent's": await a(s, 'agent02').op(held, { operationName: 'Complete' }),
        "another agent's (status family)": await a(s, 'agent02').op(held, {
          operationName: 'AttachUserData',
          userData: { a: 1 },
        }),
        'unknown id': await a(s).op(UNKNOWN_ID, { operationName: 'Complete' }),
        'unknown operationName': await a(s).op(held, { operationName: 'Dance' }),
        'malformed JSON': await call(url, 'POST', { auth: basic('agent01'), rawBody: '{"operationName":' }),
        'missing queueName': await a(s).op(held, { operationName: 'PlaceInQueue' }),
        'unknown queue': await a(s).op(held, { operationName: 'PlaceInQueue', queueName: 'nowhere' }),
        'GET unknown id': await a(s).get(`/interactions/${UNKNOWN_ID}`),
        "GET another agent's": await a(s, 'agent02').get(`/interactions/${held}`),
        'PUT wrong state': await a(s).put(`/interactions/${invited}`, { userData: { a: 1 } }),
        'PUT without userData': await a(s).put(`/interactions/${held}`, {}),
        // Governed by their own points, not this one.
        'no credentials': await call(url, 'POST', { body: { operationName: 'Complete' } }),
        'admin (role)': await a(s, 'admin').op(held, { operationName: 'Complete' }),
      };
      return Object.fromEntries(Object.entries(refusals).map(([k, r]) => [k, statusAndBody(r)]));
    },
    reference: {
      'wrong state (statusCode family)': [
        200,
        { statusCode: 2, statusMessage: 'operation not valid in state Invited' },
      ],
      'wrong state (status family)': [
        200,
        { status: 'error', errorDescription: 'operation not valid in state Invited' },
      ],
      "another agent's": [200, { statusCode: 3, statusMessage: 'interaction belongs to another agent' }],
      "another agent's (status family)": [
        200,
        { status: 'error', errorDescription: 'interaction belongs to another agent' },
      ],
      'unknown id': [200, { statusCode: 6, statusMessage: `interaction ${UNKNOWN_ID} not found` }],
      'unknown operationName': [200, { statusCode: 2, statusMessage: 'unknown operationName "Dance"' }],
      'malformed JSON': [200, { statusCode: 2, statusMessage: 'body is not JSON' }],
      'missing queueName': [200, { status: 'error', errorDescription: expect.any(String) }],
      'unknown queue': [200, { status: 'error', errorDescription: 'unknown queue nowhere' }],
      'GET unknown id': [200, { statusCode: 6, statusMessage: `interaction ${UNKNOWN_ID} not found` }],
      "GET another agent's": [200, { statusCode: 3, statusMessage: 'interaction belongs to another agent' }],
      'PUT wrong state': [200, { statusCode: 2, statusMessage: 'not valid in state Invited' }],
      'PUT without userData': [200, { statusCode: 1, statusMessage: 'userData is required' }],
      'no credentials': [401, { statusCode: 20, statusMessage: 'Access denied' }],
      'admin (role)': [403, { statusCode: 5, statusMessage: 'the user lacks permission' }],
    },
    alternate: {
      'wrong state (statusCode family)': [
        409,
        { statusCode: 2, statusMessage: 'operation not valid in state Invited' },
      ],
      'wrong state (status family)': [
        409,
        { status: 'error', errorDescription: 'operation not valid in state Invited' },
      ],
      "another agent's": [403, { statusCode: 3, statusMessage: 'interaction belongs to another agent' }],
      "another agent's (status family)": [
        403,
        { status: 'error', errorDescription: 'interaction belongs to another agent' },
      ],
      'unknown id': [404, { statusCode: 6, statusMessage: `interaction ${UNKNOWN_ID} not found` }],
      'unknown operationName': [400, { statusCode: 2, statusMessage: 'unknown operationName "Dance"' }],
      'malformed JSON': [400, { statusCode: 2, statusMessage: 'body is not JSON' }],
      'missing queueName': [400, { status: 'error', errorDescription: expect.any(String) }],
      'unknown queue': [400, { status: 'error', errorDescription: 'unknown queue nowhere' }],
      'GET unknown id': [404, { statusCode: 6, statusMessage: `interaction ${UNKNOWN_ID} not found` }],
      "GET another agent's": [403, { statusCode: 3, statusMessage: 'interaction belongs to another agent' }],
      'PUT wrong state': [409, { statusCode: 2, statusMessage: 'not valid in state Invited' }],
      'PUT without userData': [400, { statusCode: 1, statusMessage: 'userData is required' }],
      'no credentials': [401, { statusCode: 20, statusMessage: 'Access denied' }],
      'admin (role)': [403, { statusCode: 5, statusMessage: 'the user lacks permission' }],
    },
  },

  'auth-refusal-http-status': {
    probe: async (s) => [
      statusAndBody(await call(`${s.baseUrl}/me/interactions`, 'GET')),
      statusAndBody(await call(`${s.baseUrl}/interactions`, 'GET', { auth: basic('agent01', 'wrong') })),
      (await a(s).get('/me/interactions')).status,
    ],
    reference: [
      [401, { statusCode: 20, statusMessage: 'Access denied' }],
      [401, { statusCode: 20, statusMessage: 'Access denied' }],
      200,
    ],
    alternate: [
      [403, { statusCode: 20, statusMessage: 'Access denied' }],
      [403, { statusCode: 20, statusMessage: 'Access denied' }],
      200,
    ],
  },

  'role-refusal-http-status': {
    probe: async (s) => {
      const id = await invite(s);
      return [
        statusAndBody(await a(s, 'admin').get('/me/interactions')),
        statusAndBody(await a(s, 'admin').op(id, { operationName: 'Accept' })),
        statusAndBody(await a(s, 'norole').get('/interactions')),
        // The interaction was not touched by the refused Accept.
        (await controlView(s, id)).state,
      ];
    },
    reference: [
      [403, { statusCode: 5, statusMessage: 'the user lacks permission' }],
      [403, { statusCode: 5, statusMessage: 'the user lacks permission' }],
      [403, { statusCode: 5, statusMessage: 'the user lacks permission' }],
      'Invited',
    ],
    alternate: [
      [200, { statusCode: 5, statusMessage: 'the user lacks permission' }],
      [200, { statusCode: 5, statusMessage: 'the user lacks permission' }],
      [200, { statusCode: 5, statusMessage: 'the user lacks permission' }],
      'Invited',
    ],
  },

  'reply-answer': {
    probe: async (s) => {
      const email = await processing(s, 'email');
      const answers = [
        await a(s).op(email, { operationName: 'Reply' }),
        await a(s).op(email, { operationName: 'ReplyAll' }),
      ];
      const out: unknown[] = [];
      for (const res of answers) {
        const body = res.body as { id?: string };
        if (body.id === undefined) {
          out.push([res.status, body]);
          continue;
        }
        expectVariant('StatusCode.okWithId', body);
        // The id is the new reply's: a Composing email whose parent is the one replied to.
        const reply = await controlView(s, body.id);
        out.push([res.status, { ...body, id: [reply.state, reply.parentId === email] }]);
      }
      // Failures keep the status family.
      out.push((await a(s).op(await processing(s), { operationName: 'Reply' })).body);
      return out;
    },
    reference: [
      [200, { status: 'ok' }],
      [200, { status: 'ok' }],
      { status: 'error', errorDescription: 'only an email can be replied to' },
    ],
    alternate: [
      [200, { statusCode: 0, id: ['Composing', true] }],
      [200, { statusCode: 0, id: ['Composing', true] }],
      { status: 'error', errorDescription: 'only an email can be replied to' },
    ],
  },

  'malformed-body-code': {
    probe: async (s) => {
      const url = `${s.baseUrl}/me/interactions/${await invite(s)}`;
      const post = (rawBody: string) => call(url, 'POST', { auth: basic('agent01'), rawBody });
      return [
        codeOf(await post('{"operationName":')),
        codeOf(await post("{'operationName':'Accept'}")),
        codeOf(await post('[{"operationName":"Accept"}]')),
        codeOf(await post('"Accept"')),
        // Unchanged: a JSON object without operationName is 1, an unknown name 2.
        codeOf(await post('{"foo":1}')),
        codeOf(await post('{"operationName":"Dance"}')),
      ];
    },
    reference: [2, 2, 2, 2, 1, 2],
    alternate: [1, 1, 1, 1, 1, 2],
  },

  'empty-operation-name-code': {
    probe: async (s) => {
      const id = await invite(s);
      return [
        statusAndBody(await a(s).op(id, { operationName: '' })),
        codeOf(await a(s).op(id, { operationName: 'Dance' })),
        codeOf(await a(s).op(id, {})),
      ];
    },
    reference: [[200, { statusCode: 2, statusMessage: 'unknown operationName ""' }], 2, 1],
    alternate: [[200, { statusCode: 1, statusMessage: 'operationName is required' }], 2, 1],
  },

  'others-interaction-read': {
    probe: async (s) => {
      const id = await processing(s);
      const got = await a(s, 'agent02').get(`/interactions/${id}`);
      const body = got.body as { statusCode: number; interaction?: { id: string; state: string } };
      return [
        got.status,
        body.statusCode,
        body.interaction === undefined ? null : [body.interaction.id === id, body.interaction.state],
        // A write stays refused.
        codeOf(await a(s, 'agent02').put(`/interactions/${id}`, { userData: { a: 1 } })),
        (await controlView(s, id)).userData,
      ];
    },
    reference: [200, 3, null, 3, {}],
    alternate: [200, 0, [true, 'Processing'], 3, {}],
  },

  'others-interaction-code': {
    probe: async (s) => {
      const email = await processing(s, 'email');
      const reply = await replyTo(s, email);
      const b = a(s, 'agent02');
      return [
        codeOf(await b.op(email, { operationName: 'Complete' })),
        codeOf(await b.op(email, { operationName: 'Transfer', userId: 'agent03' })),
        codeOf(await b.op(reply, { operationName: 'Cancel' })),
        codeOf(await b.get(`/interactions/${email}`)),
        codeOf(await b.put(`/interactions/${email}`, { userData: { a: 1 } })),
        // The status family has no code to change.
        (await b.op(email, { operationName: 'PlaceInQueue', queueName: 'sales' })).body,
        // Other refusals keep their codes.
        codeOf(await a(s).op(UNKNOWN_ID, { operationName: 'Complete' })),
        codeOf(await a(s).op(await invite(s), { operationName: 'Complete' })),
      ];
    },
    reference: [
      3,
      3,
      3,
      3,
      3,
      { status: 'error', errorDescription: 'interaction belongs to another agent' },
      6,
      2,
    ],
    alternate: [
      5,
      5,
      5,
      5,
      5,
      { status: 'error', errorDescription: 'interaction belongs to another agent' },
      6,
      2,
    ],
  },

  'queued-state-name': {
    probe: async (s) => {
      const created = await createInteraction(s, { mediaType: 'workitem', queue: 'billing' });
      const placed = await processing(s);
      await a(s).op(placed, { operationName: 'PlaceInQueue', queueName: 'sales' });
      // Nobody is connected: a Reject sends it back to its queue (support by default).
      const rejected = await invite(s);
      await a(s).op(rejected, { operationName: 'Reject' });
      return [await listed(s, created), await listed(s, placed), await listed(s, rejected)];
    },
    reference: [
      ['Queued', 'billing', 'Queued'],
      ['Queued', 'sales', 'Queued'],
      ['Queued', 'support', 'Queued'],
    ],
    alternate: [
      ['Revoked', 'billing', 'Revoked'],
      ['Revoked', 'sales', 'Revoked'],
      ['Revoked', 'support', 'Revoked'],
    ],
  },

  'unknown-queue': {
    probe: async (s) => {
      const id = await processing(s);
      const res = await a(s).op(id, { operationName: 'PlaceInQueue', queueName: 'nowhere' });
      const v = await controlView(s, id);
      return [statusAndBody(res), [v.state, v.owner, v.queue]];
    },
    reference: [
      [200, { status: 'error', errorDescription: 'unknown queue nowhere' }],
      ['Processing', 'agent01', null],
    ],
    alternate: [
      [200, { status: 'ok' }],
      ['Queued', null, 'nowhere'],
    ],
  },

  'unknown-workbin': {
    probe: async (s) => {
      const l = await Listener.connect(s, 'agent01');
      try {
        const id = await processing(s);
        const placed = await a(s).op(id, { operationName: 'PlaceInWorkbin', workbin: 'nowhere' });
        const contents: unknown[] = [];
        for (const [workbin, referenceId] of [
          ['nowhere', 'probe-1'],
          ['elsewhere', 'probe-2'],
        ] as const) {
          const res = await a(s).op(id, { operationName: 'GetWorkbinContent', workbin, referenceId });
          if ((res.body as { status?: string }).status !== 'ok') {
            contents.push(res.body);
            continue;
          }
          const [m] = await l.waitFor(
            (x) => (x.data as { referenceId?: string }).referenceId === referenceId,
          );
          const data = m?.data as { workbin: string; interactions: Array<{ id: string }> };
          contents.push([data.workbin, data.interactions.map((i) => i.id === id)]);
        }
        return [placed.body, (await controlView(s, id)).state, ...contents];
      } finally {
        await l.disconnect();
      }
    },
    reference: [
      { status: 'error', errorDescription: 'unknown workbin nowhere' },
      'Processing',
      { status: 'error', errorDescription: 'unknown workbin nowhere' },
      { status: 'error', errorDescription: 'unknown workbin elsewhere' },
    ],
    alternate: [{ status: 'ok' }, 'InWorkbin', ['nowhere', [true]], ['elsewhere', []]],
  },

  'workbin-owner-listing': {
    probe: async (s) => {
      const id = await processing(s);
      await a(s).op(id, { operationName: 'PlaceInWorkbin', workbin: 'followup' });
      const uris = ((await a(s).get('/me/interactions')).body as { uris: string[] }).uris;
      const full = (await a(s).get('/me/interactions?fields=*')).body as {
        interactions: Array<{ id: string; state: string; workbin?: string }>;
      };
      return [
        uris.map((u) => u === `${s.baseUrl}/interactions/${id}`),
        full.interactions.map((i) => [i.id === id, i.state, i.workbin]),
        // Another agent does not see it; the former owner can no longer operate on it.
        ((await a(s, 'agent02').get('/me/interactions')).body as { uris: string[] }).uris,
        codeOf(await a(s).op(id, { operationName: 'Complete' })),
        (await controlView(s, id)).owner,
      ];
    },
    reference: [[], [], [], 2, null],
    alternate: [[true], [[true, 'InWorkbin', 'followup']], [], 2, null],
  },

  'session-cookie-http': {
    probe: async (s) => {
      const first = await a(s).get('/me/interactions');
      const cookie = String(first.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const alone = await call(`${s.baseUrl}/me/interactions`, 'GET', { headers: { cookie } });
      const withBasic = await call(`${s.baseUrl}/me/interactions`, 'GET', {
        auth: basic('agent01'),
        headers: { cookie },
      });
      // The CometD handshake with the cookie alone.
      const handshake = await call(s.cometdUrl, 'POST', {
        headers: { cookie: `${cookie}; BAYEUX_BROWSER=readings-test` },
        body: [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }],
      });
      const [reply] = handshake.body as Array<{ successful?: boolean }>;
      return [alone.status, codeOf(alone), withBasic.status, reply?.successful];
    },
    reference: [200, 0, 200, true],
    alternate: [401, 20, 200, true],
  },

  'update-nested-user-data': {
    probe: async (s) => {
      const id = await processing(s);
      await a(s).op(id, { operationName: 'UpdateUserData', userData: { n: { a: 1 }, k: 1 } });
      await a(s).op(id, { operationName: 'UpdateUserData', userData: { n: { b: 2 } } });
      const byOperation = (await controlView(s, id)).userData;
      const other = await processing(s);
      await a(s).put(`/interactions/${other}`, { userData: { n: { a: 1 } } });
      await a(s).put(`/interactions/${other}`, { userData: { n: { b: 2 } } });
      return [byOperation, (await controlView(s, other)).userData];
    },
    reference: [{ n: { a: 1, b: 2 }, k: 1 }, { n: { a: 1, b: 2 } }],
    alternate: [{ n: { b: 2 }, k: 1 }, { n: { b: 2 } }],
  },

  'delete-absent-key': {
    probe: async (s) => {
      const id = await processing(s);
      await a(s).op(id, { operationName: 'AttachUserData', userData: { a: 1, b: 2 } });
      const absent = await a(s).op(id, { operationName: 'DeleteUserData', userData: { a: '', zz: '' } });
      const after = (await controlView(s, id)).userData;
      const held = await a(s).op(id, { operationName: 'DeleteUserData', userData: { b: '' } });
      return [statusAndBody(absent), after, held.body, (await controlView(s, id)).userData];
    },
    reference: [[200, { status: 'ok' }], { b: 2 }, { status: 'ok' }, {}],
    alternate: [
      [200, { status: 'error', errorDescription: 'no user data key zz' }],
      { a: 1, b: 2 },
      { status: 'ok' },
      { a: 1 },
    ],
  },
};

describe('readings of the reference server', () => {
  it('covers every point of the catalogue, and only those', () => {
    expect(Object.keys(CASES).sort()).toEqual(POINTS.map((p) => p.id).sort());
  });

  let reference: RunningServer;
  beforeAll(async () => {
    reference = await startReferenceServer();
  });
  afterAll(() => reference.close());

  describe.each(POINTS.map((p) => [p.id, p.alternate]))('%s', (point, alternate) => {
    let alt: RunningServer;
    beforeAll(async () => {
      alt = await startReferenceServer({ readings: { [point]: alternate } });
    });
    afterAll(() => alt.close());
    beforeEach(async () => {
      for (const s of [reference, alt])
        expect((await call(`${s.controlUrl}/reset`, 'POST')).status).toBe(204);
    });

    it(`reference: ${POINTS.find((p) => p.id === point)?.reference}`, async () => {
      const c = CASES[point];
      if (c === undefined) throw new Error(`no case for ${point}`);
      expect(reference.readings[point]).toBe(POINTS.find((p) => p.id === point)?.reference);
      expect(await c.probe(reference)).toEqual(c.reference);
    });

    it(`alternate: ${alternate}`, async () => {
      const c = CASES[point];
      if (c === undefined) throw new Error(`no case for ${point}`);
      expect(alt.readings[point]).toBe(alternate);
      expect(await c.probe(alt)).toEqual(c.alternate);
    });
  });
});

describe('choosing readings', () => {
  it('takes every alternate option with `alternate`, and a map on top of the reference', async () => {
    const all = await startReferenceServer({ readings: 'alternate' });
    const one = await startReferenceServer({ readings: { 'reply-answer': 'status-code-id' } });
    try {
      for (const p of POINTS) {
        expect(all.readings[p.id]).toBe(p.alternate);
        expect(one.readings[p.id]).toBe(p.id === 'reply-answer' ? 'status-code-id' : p.reference);
      }
      // One of its switches, seen from outside: the auth refusal is 403.
      expect((await call(`${all.baseUrl}/me/interactions`, 'GET')).status).toBe(403);
      expect((await call(`${one.baseUrl}/me/interactions`, 'GET')).status).toBe(401);
    } finally {
      await Promise.all([all.close(), one.close()]);
    }
  });

  it('refuses an unknown point or option at startup, naming the known ones', async () => {
    await expect(startReferenceServer({ readings: { 'no-such-point': 'x' } })).rejects.toMatchObject({
      code: 'UNKNOWN_READING',
      message: expect.stringMatching(
        /unknown reading point "no-such-point"; known points: accept-reject-success-body, /,
      ),
    });
    await expect(startReferenceServer({ readings: { 'reply-answer': 'maybe' } })).rejects.toMatchObject({
      code: 'UNKNOWN_READING',
      message: expect.stringContaining(
        'reading reply-answer: unknown option "maybe"; its options are status-ok, status-code-id',
      ),
    });
    await expect(
      startReferenceServer({ readings: 'sideways' as unknown as 'reference' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_READING' });
  });

  it('reads target.embedded.readings from the configuration file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'readings-config-'));
    const named = join(dir, 'named.yaml');
    const mapped = join(dir, 'mapped.yaml');
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(named, 'target:\n  embedded: { readings: alternate }\n');
    writeFileSync(mapped, 'target:\n  embedded:\n    readings: { reply-answer: status-code-id }\n');
    writeFileSync(wrong, 'target:\n  embedded: { readings: sideways }\n');
    const load = (file: string) => loadConfig({ file, env: {}, flags: {} });
    expect(load(named).problems).toEqual([]);
    expect(load(named).config.target.embedded.readings).toBe('alternate');
    expect(load(mapped).config.target.embedded.readings).toEqual({ 'reply-answer': 'status-code-id' });
    expect(load(wrong).problems.length).toBeGreaterThan(0);
  });
});

describe('serve --readings and --reading', () => {
  it('shows both in --help', async () => {
    const lines: string[] = [];
    expect(await serveCommand(['--help'], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/--readings R/);
    expect(lines.join('\n')).toMatch(/--reading P=O/);
  });

  it.each([
    [['--readings', 'sideways'], /^serve: --readings must be reference or alternate, not sideways$/],
    [['--reading', 'reply-answer'], /^serve: --reading takes POINT=OPTION .*"reply-answer"$/],
    [['--reading', '=x'], /^serve: --reading takes POINT=OPTION/],
    [
      ['--reading', 'no-such-point=x'],
      /^serve: unknown reading point "no-such-point"; known points: .*delete-absent-key$/,
    ],
    [
      ['--reading', 'reply-answer=maybe'],
      /^serve: reading reply-answer: unknown option "maybe"; its options are status-ok, status-code-id$/,
    ],
  ])('refuses %j with exit 2 and one line', async (argv, message) => {
    const errors: string[] = [];
    expect(
      await serveCommand(
        ['--port', '0', ...argv],
        () => {},
        (l) => errors.push(l),
      ),
    ).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  async function serving(argv: string[]): Promise<{ lines: string[]; running: Promise<number> }> {
    const lines: string[] = [];
    let started: () => void = () => {};
    const ready = new Promise<void>((r) => {
      started = r;
    });
    const running = serveCommand(['--port', '0', ...argv], (l) => {
      lines.push(l);
      if (l.startsWith('Press Ctrl-C')) started();
    });
    await ready;
    return { lines, running };
  }

  it('prints no reading line when every point is at its reference option', async () => {
    const { lines, running } = await serving(['--reading', 'reply-answer=status-ok']);
    expect(lines.filter((l) => l.includes('reading:'))).toEqual([]);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(0);
  });

  it('prints one line per point that differs from the reference, and serves those readings', async () => {
    const { lines, running } = await serving([
      '--readings',
      'alternate',
      '--reading',
      'reply-answer=status-ok',
    ]);
    const readingLines = lines.filter((l) => l.includes('reading:'));
    expect(readingLines).toHaveLength(POINTS.length - 1);
    expect(readingLines).toContain('  reading:     auth-refusal-http-status=http-403 (reference: http-401)');
    expect(readingLines.some((l) => l.includes('reply-answer'))).toBe(false);
    const base = /base URL:\s+(\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    expect((await call(`${base}/me/interactions`, 'GET')).status).toBe(403);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(0);
  });
});
