import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import {
  Agent,
  type ControlView,
  call,
  controlView,
  createInteraction,
  Listener,
  stateOf,
} from './support.js';

const AGENTS = ['agent01', 'agent02', 'agent03', 'agent04'] as const;
const PROCESSING = [
  'Complete',
  'Transfer',
  'PlaceInQueue',
  'PlaceInWorkbin',
  'AttachUserData',
  'UpdateUserData',
  'DeleteUserData',
];
/** The contract's table, written out again here so the server's own table is checked, not reused. */
const CAPABILITIES: Record<string, (media: string) => string[]> = {
  Invited: () => ['Accept', 'Reject'],
  Processing: (m) => (m === 'email' ? [...PROCESSING, 'Reply', 'ReplyAll'] : PROCESSING),
  Composing: () => ['Cancel'],
  Completed: () => [],
  Revoked: () => [],
  InWorkbin: () => [],
  Queued: () => [],
};

type Action =
  | { kind: 'create'; agent: number; media: 'chat' | 'email' | 'workitem' }
  | { kind: 'op'; actor: number; target: number; operationName: string; other: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    agent: fc.nat(AGENTS.length - 1),
    media: fc.constantFrom('chat' as const, 'email' as const, 'workitem' as const),
  }),
  fc.record({
    kind: fc.constant('op' as const),
    actor: fc.nat(AGENTS.length - 1),
    target: fc.nat(20),
    operationName: fc.constantFrom(
      'Accept',
      'Reject',
      'Complete',
      'PlaceInQueue',
      'PlaceInWorkbin',
      'Transfer',
      'AttachUserData',
      'UpdateUserData',
      'DeleteUserData',
      'Reply',
      'Cancel',
    ),
    other: fc.nat(AGENTS.length - 1),
  }),
);
/** Each step is 1–3 actions sent at once, so agents race on the same interactions. */
const steps = fc.array(fc.array(action, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 15 });

function extras(a: Extract<Action, { kind: 'op' }>): Record<string, unknown> {
  switch (a.operationName) {
    case 'PlaceInQueue':
      return { queueName: 'sales' };
    case 'PlaceInWorkbin':
      return { workbin: 'followup' };
    case 'Transfer':
      return { userId: AGENTS[a.other] };
    case 'AttachUserData':
    case 'UpdateUserData':
      return { userData: { [`k${a.other}`]: { n: a.target } } };
    case 'DeleteUserData':
      return { userData: { [`k${a.other}`]: '' } };
    default:
      return {};
  }
}

describe('reference server invariants under random concurrent operations', () => {
  let server: RunningServer;
  let listeners: Listener[];
  beforeAll(async () => {
    server = await startReferenceServer();
    listeners = await Promise.all(AGENTS.map((u) => Listener.connect(server, u)));
  });
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.disconnect()));
    await server.close();
  });

  async function check(ids: Set<string>, since: number[]): Promise<void> {
    await Promise.all(listeners.map((l) => l.barrier()));
    // Interactions created by Reply are found through the notifications.
    for (const [i, l] of listeners.entries()) {
      for (const m of l.notifications.slice(since[i])) {
        const id = (m.data as { interaction?: { id?: string } }).interaction?.id;
        if (id !== undefined) ids.add(id);
      }
    }
    const views = new Map<string, ControlView>();
    for (const id of ids) views.set(id, await controlView(server, id));
    const listed = (
      (await new Agent(server, 'admin').get('/interactions')).body as {
        interactions: Array<{ id: string; state: string; capabilities: string[]; mediaType: string }>;
      }
    ).interactions;

    for (const v of views.values()) {
      // At most one holder, and the right kind of holder for the state.
      expect(v.owner !== null && v.invitee !== null, `${v.id} owned and invited`).toBe(false);
      expect(v.owner !== null, `${v.id} owner in ${v.state}`).toBe(
        v.state === 'Processing' || v.state === 'Composing',
      );
      expect(v.invitee !== null, `${v.id} invitee in ${v.state}`).toBe(v.state === 'Invited');
      // Nothing in two places: queue, workbin and an agent exclude each other.
      const places = [v.state === 'Queued', v.state === 'InWorkbin', v.owner !== null || v.invitee !== null];
      expect(places.filter(Boolean).length, `${v.id} places`).toBeLessThanOrEqual(1);
      expect(v.workbin !== null, `${v.id} workbin in ${v.state}`).toBe(v.state === 'InWorkbin');
    }
    for (const ix of listed) {
      const expected = CAPABILITIES[ix.state]?.(ix.mediaType);
      expect(ix.capabilities, `${ix.id} capabilities in ${ix.state}`).toEqual(expected);
      expect(ix.state).toBe(views.get(ix.id)?.state);
    }
    // Every notified state change reached its agent exactly once, in order, and nothing else did.
    listeners.forEach((l, i) => {
      const got = l.notifications
        .slice(since[i])
        .filter((m) => (m.data as { notificationType?: string }).notificationType === 'StatusChange')
        .map((m) => `${(m.data as { interaction: { id: string } }).interaction.id}:${stateOf(m)}`);
      const expected = [...views.values()]
        .flatMap((v) => v.history.filter((h) => h.agent === l.user).map((h) => `${v.id}:${h.state}`))
        .sort();
      expect([...got].sort(), `${l.user} notifications`).toEqual(expected);
    });
  }

  it('keeps one owner, consistent capabilities, exact notifications, one place per interaction', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (plan) => {
        expect((await call(`${server.controlUrl}/reset`, 'POST')).status).toBe(204);
        const since = listeners.map((l) => l.notifications.length);
        const ids = new Set<string>();
        for (const batch of plan) {
          await Promise.all(
            batch.map(async (a) => {
              if (a.kind === 'create') {
                ids.add(
                  await createInteraction(server, {
                    mediaType: a.media,
                    agent: AGENTS[a.agent],
                    queue: 'support',
                  }),
                );
                return;
              }
              const known = [...ids];
              const target = known.length === 0 ? '0000000000000000' : (known[a.target % known.length] ?? '');
              const res = await new Agent(server, AGENTS[a.actor] ?? 'agent01').op(target, {
                operationName: a.operationName,
                ...extras(a),
              });
              expect(res.status).toBe(200);
            }),
          );
          await check(ids, since);
        }
      }),
      { numRuns: 25 },
    );
  });
});
