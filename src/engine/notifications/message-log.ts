import { performance } from 'node:perf_hooks';
import type { Dialect, ReceivedMessage, SessionEvent } from '../../model/index.js';
import { normaliseData } from '../dialect/index.js';
import type {
  NotificationMessage as BayeuxMessage,
  NotificationEvent as SessionEventNotice,
} from './transport.js';

/** A received message with what the steps need: arrival order and the envelope form. */
export interface RecordedMessage extends ReceivedMessage {
  /** Arrival order across every actor of the scenario (1-based). */
  seq: number;
  /** `{channel, data}` with `data` in the envelope form. */
  normalised: BayeuxMessage;
}

/**
 * Every message every actor of one scenario received, from subscription on, in arrival order.
 *
 * The rule the message steps rely on: a message is eligible when it arrived after the latest action
 * step *began* (`markAction`) and no step consumed it yet. Marking at the start of the action, not
 * at its end, is what lets a notification that beats the HTTP response still be found.
 */
export class MessageLog {
  readonly #startedAt: number;
  readonly #dialect: Dialect;
  readonly #messages: RecordedMessage[] = [];
  readonly #waiters = new Set<() => void>();
  /** Session events, each with how many messages had arrived when it happened. */
  readonly #events: Array<SessionEvent & { seq: number }> = [];
  #mark = 0;

  constructor(dialect: Dialect, startedAt = performance.now()) {
    this.#dialect = dialect;
    this.#startedAt = startedAt;
  }

  /** The callback a session of this actor delivers its messages to. */
  recorderFor(actor: string): (message: BayeuxMessage) => void {
    return (message) => this.add(actor, message);
  }

  /** The callback a session of this actor reports its events to (a lost session, a new handshake). */
  eventsFor(actor: string): (event: SessionEventNotice) => void {
    return (event) => {
      this.#events.push({
        actor,
        atMs: performance.now() - this.#startedAt,
        ...event,
        seq: this.#messages.length,
      });
      for (const wake of [...this.#waiters]) wake();
    };
  }

  /**
   * The actor's session trouble since the latest action step began: a loss (402), or a new session
   * still being made (a loss just before, its re-handshake after): a notification may have gone with it.
   */
  lostSinceMark(actor: string): SessionEvent[] {
    return this.#events
      .filter(
        (e) =>
          e.actor === actor && (e.kind === 'session-lost' || e.kind === 'rehandshake') && e.seq >= this.#mark,
      )
      .map(({ seq: _seq, ...event }) => event);
  }

  /** Every session event of the scenario, in time order. */
  events(): SessionEvent[] {
    return this.#events.map(({ seq: _seq, ...event }) => event);
  }

  add(actor: string, message: BayeuxMessage): RecordedMessage {
    const recorded: RecordedMessage = {
      seq: this.#messages.length + 1,
      actor,
      channel: message.channel,
      data: message.data,
      atMs: performance.now() - this.#startedAt,
      normalised: { channel: message.channel, data: normaliseData(message.data, this.#dialect) },
    };
    this.#messages.push(recorded);
    for (const wake of [...this.#waiters]) wake();
    return recorded;
  }

  /** Called when an action step (http, provision, together) begins. */
  markAction(): void {
    this.#mark = this.#messages.length;
  }

  /** Where the latest action step began: the number of messages that had arrived by then. */
  get mark(): number {
    return this.#mark;
  }

  /**
   * Not-yet-consumed messages of this actor and channel that arrived since the latest action began
   * (or since `from`, a mark taken earlier).
   */
  eligible(actor: string, channel: string, from = this.#mark): RecordedMessage[] {
    return this.#messages.filter(
      (m) => m.seq > from && m.consumedBy === undefined && m.actor === actor && m.channel === channel,
    );
  }

  /** Every message of this actor, consumed or not, in arrival order (for the order check). */
  of(actor: string): RecordedMessage[] {
    return this.#messages.filter((m) => m.actor === actor);
  }

  /** Every message, in arrival order. */
  all(): readonly RecordedMessage[] {
    return this.#messages;
  }

  /**
   * Not-yet-consumed messages of this actor and channel that arrived before the latest action began:
   * outside every later message step's window, which a failure message points out.
   */
  beforeWindow(actor: string, channel: string): RecordedMessage[] {
    return this.#messages.filter(
      (m) => m.seq <= this.#mark && m.consumedBy === undefined && m.actor === actor && m.channel === channel,
    );
  }

  consume(message: RecordedMessage, stepIndex: number): void {
    message.consumedBy = stepIndex;
  }

  /** Every message that no step consumed, whenever it arrived. */
  unconsumed(): RecordedMessage[] {
    return this.#messages.filter((m) => m.consumedBy === undefined);
  }

  /** The serialisable record for results (no internal fields). */
  received(): ReceivedMessage[] {
    return this.#messages.map(toReceived);
  }

  /**
   * Evaluates `check` now and on every arrival until it returns a value or `ms` pass; bounded always.
   * Returns undefined on timeout.
   */
  waitFor<T>(check: () => T | undefined, ms: number): Promise<T | undefined> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T | undefined>((resolve) => {
      const finish = (value: T | undefined) => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(value);
      };
      const wake = () => {
        const value = check();
        if (value !== undefined) finish(value);
      };
      const timer = setTimeout(() => finish(undefined), Math.max(0, ms));
      this.#waiters.add(wake);
    });
  }
}

export function toReceived(m: RecordedMessage): ReceivedMessage {
  return {
    actor: m.actor,
    channel: m.channel,
    data: m.data,
    atMs: m.atMs,
    ...(m.consumedBy === undefined ? {} : { consumedBy: m.consumedBy }),
  };
}
