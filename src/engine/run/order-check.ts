import type { StepResult } from '../../model/index.js';
import type { RecordedMessage } from '../notifications/index.js';

/** The catalogue requirement the order check stands for. */
export const ORDER_REQUIREMENT = 'IX-NOTIFY-05';

/**
 * Where a state stands in one agent's tenure of an interaction: offered, worked on, ended. Within a
 * tenure the rank never goes down; after an end only a new offer (Invited) may follow; nothing follows
 * Completed. States the table does not know (a platform's own names) are not judged.
 */
const RANK: Readonly<Record<string, number>> = {
  Invited: 0,
  Processing: 1,
  Composing: 1,
  Revoked: 2,
  InWorkbin: 2,
  Completed: 2,
};
const FINAL = new Set(['Completed']);

export interface OrderBreach {
  actor: string;
  id: string;
  earlier: RecordedMessage;
  later: RecordedMessage;
  text: string;
}

/** What one normalised message says about one interaction: its id and state, when it says so. */
function stateOf(m: RecordedMessage): { id: string; state: string } | undefined {
  const data = m.normalised.data as { interaction?: { id?: unknown; state?: unknown } } | undefined;
  const ix = data?.interaction;
  if (typeof ix?.id !== 'string' || typeof ix.state !== 'string') return undefined;
  return { id: ix.id, state: ix.state };
}

/**
 * Per actor and per interaction, the states its notifications report, in arrival order, must follow
 * the order of the changes that caused them: the first breach of each (actor, interaction).
 */
export function orderBreaches(messages: readonly RecordedMessage[]): OrderBreach[] {
  const last = new Map<string, RecordedMessage>();
  const breached = new Set<string>();
  const breaches: OrderBreach[] = [];
  for (const m of messages) {
    const said = stateOf(m);
    if (!said || RANK[said.state] === undefined) continue;
    const key = `${m.actor}\u0000${said.id}`;
    const prev = last.get(key);
    last.set(key, m);
    if (!prev || breached.has(key)) continue;
    const before = stateOf(prev)?.state as string;
    const why = breach(before, said.state);
    if (why === undefined) continue;
    breached.add(key);
    breaches.push({
      actor: m.actor,
      id: said.id,
      earlier: prev,
      later: m,
      text: `${m.actor} heard ${said.id} as ${before} (#${prev.seq} at ${Math.round(prev.atMs)} ms), then ${said.state} (#${m.seq} at ${Math.round(m.atMs)} ms): ${why}`,
    });
  }
  return breaches;
}

function breach(before: string, after: string): string | undefined {
  if (FINAL.has(before)) return `nothing may follow ${before}`;
  const from = RANK[before] as number;
  const to = RANK[after] as number;
  if (to >= from) return undefined;
  if (from === 2 && after === 'Invited') return undefined; // offered again after it ended
  return `${after} comes before ${before} in an interaction's life, so it was notified out of order`;
}

/** The engine's order check as a step result of its own, when it finds a breach. */
export function orderCheckResult(
  messages: readonly RecordedMessage[],
  index: number,
  pos: StepResult['pos'],
): StepResult | undefined {
  const found = orderBreaches(messages);
  if (found.length === 0) return undefined;
  const reason = found.map((b) => b.text).join('; ');
  return {
    index,
    kind: 'check',
    title: 'every actor hears each interaction’s changes in the order they happened (engine check)',
    pos,
    outcome: 'failed',
    requirements: [ORDER_REQUIREMENT],
    checks: found.map((b) => ({
      name: 'order',
      passed: false,
      expected: `${stateOf(b.earlier)?.state} before ${stateOf(b.later)?.state} only in the order of the changes`,
      actual: [b.earlier.normalised, b.later.normalised],
      message: b.text,
    })),
    messages: found
      .flatMap((b) => [b.earlier, b.later])
      .map((m) => ({
        actor: m.actor,
        channel: m.channel,
        data: m.data,
        atMs: m.atMs,
        ...(m.consumedBy === undefined ? {} : { consumedBy: m.consumedBy }),
      })),
    startedAtMs: 0,
    durationMs: 0,
    reason,
  };
}
