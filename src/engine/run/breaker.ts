import type { BlockedBy, ScenarioResult } from '../../model/index.js';
import { blockerOf } from './scenario-result.js';

/** How many scenarios in a row must end on the same kind of target failure before the rest are blocked. */
export const BREAKER_THRESHOLD = 3;

/** The kind of target failure a scenario ended on, and the blocker it makes of the scenarios after it. */
export interface TargetFailure {
  /** e.g. `timeout`, `reset`, `cometd-handshake`: the kind of the failing transport check. */
  kind: string;
  blocker: BlockedBy;
}

/** The target failure a judged scenario ended on: its first failed step whose failing check is `transport`. */
export function targetFailureOf(result: ScenarioResult): TargetFailure | undefined {
  for (const step of result.steps) {
    if (step.outcome !== 'failed') continue;
    const transport = step.checks.find((c) => !c.passed && c.name === 'transport');
    if (!transport) return undefined;
    const blocker = blockerOf(result.scenarioId, step);
    return {
      kind: String(transport.actual),
      blocker: { ...blocker, reason: transport.message ?? blocker.reason },
    };
  }
  return undefined;
}

/**
 * Trips when the same kind of target failure ends `threshold` scenarios in a row (nothing answers,
 * every handshake fails): the scenarios that have not started yet are then judged at once as blocked
 * by it, instead of each waiting out its own timeouts. A scenario that passes resets the count; one
 * that fails on the contract (an answer that came) neither counts nor resets.
 */
export class Breaker {
  readonly #threshold: number;
  #kind: string | undefined;
  #run: string[] = [];
  #tripped: BlockedBy | undefined;

  constructor(threshold = BREAKER_THRESHOLD) {
    this.#threshold = threshold;
  }

  /** The blocker of every scenario still to start, once tripped. */
  get tripped(): BlockedBy | undefined {
    return this.#tripped;
  }

  record(result: ScenarioResult): void {
    if (this.#tripped) return;
    if (result.outcome === 'passed') {
      this.#kind = undefined;
      this.#run = [];
      return;
    }
    const failure = targetFailureOf(result);
    if (!failure) return;
    if (failure.kind !== this.#kind) {
      this.#kind = failure.kind;
      this.#run = [];
    }
    this.#run.push(result.scenarioId);
    if (this.#run.length >= this.#threshold) {
      this.#tripped = {
        ...failure.blocker,
        reason: `the same target failure ended ${this.#run.length} scenarios in a row (${this.#run.join(', ')}), so the scenarios not yet started were not run; the last: ${failure.blocker.reason}`,
      };
    }
  }
}
