import type { Dialect } from '../model/index.js';
import type { FaultSet } from './faults.js';
import type { Interaction } from './interaction.js';
import { flatInteraction, interactionView, type ViewContext } from './interaction-view.js';
import type { StoreEvent } from './store.js';

export const INTERACTIONS_CHANNEL = '/v2/me/interactions';

/** How long the ix-notify-05-reordered fault holds a Processing notification back. */
const REORDER_DELAY_MS = 250;

/** The agent who last lost the interaction (its latest Revoked), other than `current`. */
function previousHolder(ix: Interaction, current: string): string | undefined {
  for (let i = ix.history.length - 1; i >= 0; i--) {
    const entry = ix.history[i];
    if (entry?.state === 'Revoked' && entry.agent !== undefined && entry.agent !== current)
      return entry.agent;
  }
  return undefined;
}

/** Where notifications go: the CometD sessions of one agent. */
export interface Delivery {
  deliver(agent: string, data: unknown): void;
  /** Agents with a live session subscribed to the interactions channel, in userId order. */
  subscribedAgents(): string[];
}

/** Builds every notification in the configured dialect and hands it to the agent concerned. */
export class Notifier {
  /** The client token of the request being handled, echoed in the messages it causes. */
  private referenceId: string | number | undefined;

  constructor(
    private readonly delivery: Delivery,
    private readonly dialect: Dialect,
    private readonly view: ViewContext,
    private readonly faults: FaultSet,
  ) {}

  /** Runs a synchronous operation whose messages carry the request's `referenceId`. */
  withReference<T>(referenceId: unknown, run: () => T): T {
    this.referenceId =
      typeof referenceId === 'string' || typeof referenceId === 'number' ? referenceId : undefined;
    try {
      return run();
    } finally {
      this.referenceId = undefined;
    }
  }

  onStoreEvent(event: StoreEvent): void {
    const data = this.interactionMessage(event.notificationType, event.interaction);
    const to = this.recipient(event.agent);
    if (to === undefined) return;
    const previous = this.faults.has('ix-transfer-10-previous-owner-notified')
      ? previousHolder(event.interaction, to)
      : undefined;
    if (previous !== undefined) this.delivery.deliver(previous, data);
    const late =
      event.notificationType === 'StatusChange' &&
      event.interaction.state === 'Processing' &&
      this.faults.has('ix-notify-05-reordered');
    if (late) {
      // Held back past the next change a quick client makes: the two arrive in the wrong order.
      setTimeout(() => this.delivery.deliver(to, data), REORDER_DELAY_MS).unref();
      return;
    }
    this.delivery.deliver(to, data);
    if (
      event.notificationType === 'StatusChange' &&
      this.faults.has('ix-notify-04-duplicate-status-change')
    ) {
      this.delivery.deliver(to, data);
    }
  }

  workbinContent(agent: string, workbin: string, interactions: Interaction[]): void {
    const listed = this.faults.has('ix-wb-07-content-missing') ? [] : interactions;
    const views = listed.map((ix) => interactionView(ix, this.view));
    const data =
      this.dialect === 'flat'
        ? { messageTypeName: 'WorkbinContentMessage', workbin, interactions: views.map(flatInteraction) }
        : { messageType: 'WorkbinContentMessage', workbin, interactions: views };
    const to = this.recipient(agent);
    if (to !== undefined) this.delivery.deliver(to, this.withReferenceId(data));
  }

  private interactionMessage(notificationType: string, ix: Interaction): Record<string, unknown> {
    const view = interactionView(ix, this.view);
    if (this.dialect === 'flat') {
      return this.withReferenceId({
        messageTypeName: 'InteractionStateMessage',
        notificationType,
        ...flatInteraction(view),
      });
    }
    return this.withReferenceId({
      messageType: 'InteractionStateMessage',
      notificationType,
      interaction: view,
    });
  }

  private withReferenceId(data: Record<string, unknown>): Record<string, unknown> {
    return this.referenceId === undefined ? data : { ...data, referenceId: this.referenceId };
  }

  /** The agent concerned, unless a fault sends it to another connected agent. */
  private recipient(agent: string): string | undefined {
    if (!this.faults.has('ix-notify-02-wrong-agent')) return agent;
    return this.delivery.subscribedAgents().find((a) => a !== agent);
  }
}
