import type { NoMessageStep } from '../../model/index.js';
import { runNoMessageStep } from '../steps/no-message-step.js';
import { DEFAULT_CHANNEL } from './channel.js';
import { type StepKindModule, valuesAt } from './types.js';

type Obj = Record<string, unknown>;

/** `no-message:` — an actor receives nothing (matching) within `within` (default timeouts.quiet). */
export const noMessageKind: StepKindModule<NoMessageStep> = {
  kind: 'no-message',
  key: 'no-message',
  schemaDef: 'noMessageStep',
  actorPaths: [['no-message', 'actor']],
  variantPaths: [],
  patterns: (raw) => ({ matched: valuesAt(raw, [['no-message', 'match']]), sent: [] }),
  build({ block, base, title, duration, defaults }) {
    const m = block as Obj;
    const withinMs = m.within === undefined ? defaults.quietMs : duration(m.within, 'no-message', 'within');
    if (withinMs === undefined) return undefined;
    return {
      kind: 'no-message',
      ...base,
      title: title(
        `${String(m.actor)} receives ${m.match === undefined ? 'nothing' : 'no such message'} within ${withinMs} ms`,
      ),
      actor: String(m.actor),
      channel: typeof m.channel === 'string' ? m.channel : DEFAULT_CHANNEL,
      ...(m.match !== undefined ? { match: m.match } : {}),
      withinMs,
    };
  },
  run: runNoMessageStep,
  listensTo: (step) => ({ actor: step.actor, channel: step.channel }),
};
