import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { Agent, call, controlView, createInteraction, Listener, stateOf } from './support.js';

type Probe = (server: RunningServer) => Promise<unknown>;

const a = (server: RunningServer, user = 'agent01') => new Agent(server, user);
const invite = (server: RunningServer, mediaType = 'chat', agent = 'agent01') =>
  createInteraction(server, { mediaType, agent });
async function processing(server: RunningServer, mediaType = 'chat'): Promise<string> {
  const id = await invite(server, mediaType);
  await a(server).op(id, { operationName: 'Accept' });
  return id;
}
/** Runs `act` with agents 01 and 02 connected; returns the states each received, barrier-flushed. */
async function watched(server: RunningServer, act: () => Promise<unknown>): Promise<unknown> {
  const ls = [await Listener.connect(server, 'agent01'), await Listener.connect(server, 'agent02')];
  try {
    await act();
    await Promise.all(ls.map((l) => l.barrier()));
    return ls.map((l) =>
      l.notifications.map((m) => [(m.data as { notificationType?: string }).notificationType, stateOf(m)]),
    );
  } finally {
    await Promise.all(ls.map((l) => l.disconnect()));
  }
}
const userData = async (server: RunningServer, id: string) => (await controlView(server, id)).userData;

/** For each fault: an observation that must differ once the fault is on. */
const PROBES: Record<string, Probe> = {
  'ix-auth-01-no-credentials-accepted': async (s) =>
    (await call(`${s.baseUrl}/me/interactions`, 'GET')).status,
  'ix-auth-05-handshake-unauthenticated': async (s) =>
    Listener.connect(s, 'agent01', 'wrong').then(
      async (l) => {
        await l.disconnect();
        return 'accepted';
      },
      () => 'refused',
    ),
  'ix-me-03-others-listed': async (s) => {
    await invite(s, 'chat', 'agent02');
    return (await a(s).get('/me/interactions')).body;
  },
  'ix-me-04-role-ignored': async (s) => (await a(s, 'admin').get('/me/interactions')).status,
  'ix-me-05-relative-uris': async (s) => {
    await invite(s);
    return ((await a(s).get('/me/interactions')).body as { uris: string[] }).uris.map((u) =>
      u.startsWith('http'),
    );
  },
  'ix-op-04-unknown-id-ok': async (s) =>
    (await a(s).op('0000000000000000', { operationName: 'Accept' })).body,
  'ix-op-06-business-error-500': async (s) =>
    (await a(s).op(await invite(s), { operationName: 'Complete' })).status,
  'ix-accept-01-wrong-family': async (s) =>
    (await a(s).op(await invite(s), { operationName: 'Accept' })).body,
  'ix-accept-02-no-notification': (s) => watched(s, () => processing(s)),
  'ix-accept-02-state-accepted': (s) => watched(s, () => processing(s)),
  'ix-accept-03-twice-allowed': async (s) =>
    (await a(s).op(await processing(s), { operationName: 'Accept' })).body,
  'ix-cancel-01-status-ok': async (s) => {
    const email = await processing(s, 'email');
    await a(s).op(email, { operationName: 'Reply' });
    const all = (await a(s).get('/interactions')).body as {
      interactions: Array<{ id: string; parentId?: string }>;
    };
    const reply = all.interactions.find((i) => i.parentId === email)?.id ?? '';
    return (await a(s).op(reply, { operationName: 'Cancel' })).body;
  },
  'ix-complete-01-wrong-family': async (s) =>
    (await a(s).op(await processing(s), { operationName: 'Complete' })).body,
  'ix-complete-03-before-accept': async (s) =>
    (await a(s).op(await invite(s), { operationName: 'Complete' })).body,
  'ix-complete-05-still-listed': async (s) => {
    await a(s).op(await processing(s), { operationName: 'Complete' });
    return ((await a(s).get('/interactions')).body as { interactions: unknown[] }).interactions.length;
  },
  'ix-notify-02-wrong-agent': (s) => watched(s, () => invite(s)),
  'ix-notify-03-empty-capabilities': async (s) =>
    (await a(s).get(`/interactions/${await processing(s)}`)).body,
  'ix-notify-04-duplicate-status-change': (s) => watched(s, () => invite(s)),
  'ix-udata-01-loses-key': async (s) => {
    const id = await processing(s);
    await a(s).op(id, { operationName: 'AttachUserData', userData: { a: 1, b: 2 } });
    return userData(s, id);
  },
  'ix-udata-02-no-properties-updated': (s) =>
    watched(s, async () =>
      a(s).op(await processing(s), { operationName: 'AttachUserData', userData: { a: 1 } }),
    ),
  'ix-udata-06-delete-ignored': async (s) => {
    const id = await processing(s);
    await a(s).op(id, { operationName: 'AttachUserData', userData: { a: 1, b: 2 } });
    await a(s).op(id, { operationName: 'DeleteUserData', userData: { a: '' } });
    return userData(s, id);
  },
  'ix-transfer-03-target-not-invited': async (s) => {
    const id = await processing(s);
    await a(s).op(id, { operationName: 'Transfer', userId: 'agent02' });
    return (await controlView(s, id)).state;
  },
  'ix-reject-03-no-reoffer': (s) =>
    watched(s, async () => a(s).op(await invite(s), { operationName: 'Reject' })),
  'ix-queue-02-keeps-ownership': async (s) => {
    const id = await processing(s);
    await a(s).op(id, { operationName: 'PlaceInQueue', queueName: 'sales' });
    const v = await controlView(s, id);
    return [v.state, v.owner];
  },
  'ix-queue-03-missing-queue-accepted': async (s) =>
    (await a(s).op(await processing(s), { operationName: 'PlaceInQueue' })).body,
  'ix-wb-07-content-missing': async (s) => {
    const l = await Listener.connect(s, 'agent01');
    try {
      const id = await processing(s);
      await a(s).op(id, { operationName: 'PlaceInWorkbin', workbin: 'followup' });
      await a(s).op(id, { operationName: 'GetWorkbinContent', workbin: 'followup', referenceId: 'probe' });
      const [m] = await l.waitFor((x) => (x.data as { referenceId?: string }).referenceId === 'probe');
      if (!m) throw new Error('no workbin content message arrived');
      return (m.data as { interactions: unknown[] }).interactions.length;
    } finally {
      await l.disconnect();
    }
  },
  'ix-accept-07-non-atomic': async (s) => {
    const id = await invite(s);
    const both = await Promise.all([
      a(s).op(id, { operationName: 'Accept' }),
      a(s).op(id, { operationName: 'Accept' }),
    ]);
    return both.map((r) => (r.body as { status?: string }).status).sort();
  },
  'ix-udata-14-lost-update': async (s) => {
    const id = await processing(s);
    await Promise.all([
      a(s).op(id, { operationName: 'AttachUserData', userData: { first: 1 } }),
      a(s).op(id, { operationName: 'AttachUserData', userData: { second: 2 } }),
    ]);
    return Object.keys(await userData(s, id)).sort();
  },
  'ix-notify-05-reordered': async (s) => {
    const l = await Listener.connect(s, 'agent01');
    try {
      const id = await invite(s);
      await a(s).op(id, { operationName: 'Accept' });
      await a(s).op(id, { operationName: 'Complete' });
      return (
        await l.waitFor((m) => (m.data as { interaction?: { id?: string } }).interaction?.id === id, 3)
      ).map(stateOf);
    } finally {
      await l.disconnect();
    }
  },
  'ix-transfer-10-previous-owner-notified': (s) =>
    watched(s, async () => {
      const id = await processing(s);
      await a(s).op(id, { operationName: 'Transfer', userId: 'agent02' });
      await a(s, 'agent02').op(id, { operationName: 'Accept' });
      await a(s, 'agent02').op(id, { operationName: 'AttachUserData', userData: { x: 1 } });
    }),
  'ix-transfer-10-reply-to-first-agent': (s) =>
    watched(s, async () => {
      const id = await processing(s, 'email');
      await a(s).op(id, { operationName: 'Transfer', userId: 'agent02' });
      await a(s, 'agent02').op(id, { operationName: 'Accept' });
      await a(s, 'agent02').op(id, { operationName: 'Reply' });
    }),
  'ix-auth-06-cookie-handshake-refused': async (s) => {
    const login = await a(s).get('/me/interactions');
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const handshake = [
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
    ];
    const answer = await call(`${s.cometdUrl}/handshake`, 'POST', { body: handshake, headers: { cookie } });
    return (answer.body as Array<{ successful?: boolean }>)[0]?.successful;
  },
};

describe('faults', () => {
  it('are at least 20, uniquely named after a catalogued requirement, each with a probe', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
    const spec = loadSpec();
    for (const f of FAULTS) {
      expect(f.name.startsWith(`${f.requirement.toLowerCase()}-`), f.name).toBe(true);
      expect(spec.requirement(f.requirement), f.requirement).toBeDefined();
      expect(PROBES[f.name], `probe for ${f.name}`).toBeDefined();
    }
  });

  it('refuses an unknown fault name at startup with a stable code', async () => {
    await expect(startReferenceServer({ faults: ['ix-nothing-01-made-up'] })).rejects.toMatchObject({
      code: 'UNKNOWN_FAULT',
    });
  });

  describe.each(FAULTS.map((f) => [f.name]))('%s', (name) => {
    let clean: RunningServer;
    let faulty: RunningServer;
    beforeAll(async () => {
      [clean, faulty] = await Promise.all([startReferenceServer(), startReferenceServer({ faults: [name] })]);
    });
    afterAll(async () => {
      await Promise.all([clean.close(), faulty.close()]);
    });

    it('changes what the server does', async () => {
      const probe = PROBES[name];
      if (probe === undefined) throw new Error(`no probe for ${name}`);
      const expected = await probe(clean);
      const actual = await probe(faulty);
      expect(actual).not.toEqual(expected);
    });
  });
});
