import type { BlockedBy, Scenario, ScenarioResult } from '../../model/index.js';
import { blockerOf } from './scenario-result.js';

/** How many scenarios in a row must end on the same kind of target failure before the rest are blocked. */
export const BREAKER_THRESHOLD = 3;

/** The kind of target failure a scenario ended on, and the blocker it makes of the scenarios after it. */
export interface TargetFailure {
  /** e.g. `timeout`, `reset`, `cometd-handshake`: the kind of the failing transport check. */
  kind: string;
  blocker: BlockedBy;
}

/** The kind a scenario gets when no notification at all reached it and a message step waited for one. */
export const NO_NOTIFICATION = 'no-notification';

/**
 * The target failure a judged scenario ended on: its first failed step, when its failing check is
 * `transport`; or a message step that waited in vain when not one notification reached any actor
 * of the scenario (a target whose notifications never come: each scenario would otherwise wait out
 * its message timeout, one after the other).
 */
export function targetFailureOf(result: ScenarioResult): TargetFailure | undefined {
  for (const step of result.steps) {
    if (step.outcome !== 'failed') continue;
    const silent =
      step.kind === 'message' &&
      result.messages.length === 0 &&
      step.checks.some((c) => !c.passed && c.name === 'message' && c.actual === 'none');
    if (silent) {
      const blocker = blockerOf(result.scenarioId, step);
      return {
        kind: NO_NOTIFICATION,
        blocker: {
          ...blocker,
          reason: `no notification at all reached the scenario's actors: ${step.reason ?? blocker.reason}`,
        },
      };
    }
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
 * every handshake fails, no notification ever comes): the scenarios that have not started yet are then judged at once as blocked
 * by it, instead of each waiting out its own timeouts. A scenario that passes resets the count; one
 * that fails on the contract (an answer that came) neither counts nor resets, except that one that
 * heard a notification ends a run of scenarios that heard none.
 */
export class Breaker {
  readonly #threshold: number;
  #kind: string | undefined;
  /** Whether any actor of the run has heard any notification so far. */
  #heardAny = false;
  #run: string[] = [];
  #tripped: BlockedBy | undefined;

  constructor(threshold = BREAKER_THRESHOLD) {
    this.#threshold = threshold;
  }

  /** The blocker of the scenarios still to start, once tripped (see `blocks`). */
  get tripped(): BlockedBy | undefined {
    return this.#tripped;
  }

  /**
   * Why `scenario` is not to be run, once tripped: every scenario, except after a target that sends
   * no notification, which blocks only the scenarios waiting for one (a `message` step); the others
   * still run and are judged.
   */
  blocks(scenario: Scenario): BlockedBy | undefined {
    if (!this.#tripped) return undefined;
    if (this.#kind !== NO_NOTIFICATION) return this.#tripped;
    return scenario.steps.some((step) => step.kind === 'message') ? this.#tripped : undefined;
  }

  /** True once tripped by a target that stopped answering: a cleanup would only wait out its budget. */
  get stopsCleanup(): boolean {
    return this.#tripped !== undefined && this.#kind !== NO_NOTIFICATION;
  }

  record(result: ScenarioResult): void {
    if (this.#tripped) return;
    // A notification heard by any actor of the run shows the target's notifications do come (to the
    // wrong actor, late, or for other scenarios): from then on, hearing none is the contract's
    // failure to judge scenario by scenario, never a reason to block.
    if (result.messages.length > 0) {
      this.#heardAny = true;
      if (this.#kind === NO_NOTIFICATION) {
        this.#kind = undefined;
        this.#run = [];
      }
    }
    if (result.outcome === 'passed') {
      this.#kind = undefined;
      this.#run = [];
      return;
    }
    const failure = targetFailureOf(result);
    if (!failure || (failure.kind === NO_NOTIFICATION && this.#heardAny)) return;
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
