import type { MessageStep } from '../../model/index.js';
import { runMessageStep } from '../steps/message-step.js';
import { DEFAULT_CHANNEL } from './channel.js';
import { type StepKindModule, valuesAt } from './types.js';

type Obj = Record<string, unknown>;

/** `StatusChange Processing` from a match pattern, for derived titles. */
function describeMessage(match: unknown): string {
  const data = (match as { data?: Obj } | undefined)?.data;
  const type =
    typeof data?.notificationType === 'string'
      ? data.notificationType
      : typeof data?.messageType === 'string'
        ? data.messageType
        : 'a message';
  const state = (data?.interaction as Obj | undefined)?.state;
  return typeof state === 'string' ? `${type} ${state}` : type;
}

/** `message:` — an actor receives matching notifications within `within` (default timeouts.message). */
export const messageKind: StepKindModule<MessageStep> = {
  kind: 'message',
  key: 'message',
  schemaDef: 'messageStep',
  actorPaths: [['message', 'actor']],
  variantPaths: [['message', 'variant']],
  patterns: (raw) => ({ matched: valuesAt(raw, [['message', 'match']]), sent: [] }),
  build({ block, base, title, duration, defaults }) {
    const m = block as Obj;
    const withinMs =
      m.within === undefined ? defaults.messageTimeoutMs : duration(m.within, 'message', 'within');
    if (withinMs === undefined) return undefined;
    return {
      kind: 'message',
      ...base,
      title: title(`${String(m.actor)} receives ${describeMessage(m.match)}`),
      actor: String(m.actor),
      channel: typeof m.channel === 'string' ? m.channel : DEFAULT_CHANNEL,
      match: m.match,
      ...(typeof m.exact === 'boolean' ? { exact: m.exact } : {}),
      ...(typeof m.variant === 'string' ? { variant: m.variant } : {}),
      withinMs,
      count: typeof m.count === 'number' ? m.count : 1,
      ...(typeof m.since === 'string' ? { since: m.since } : {}),
      ...(typeof m.after === 'string' ? { after: m.after } : {}),
    };
  },
  run: runMessageStep,
  listensTo: (step) => ({ actor: step.actor, channel: step.channel }),
};
