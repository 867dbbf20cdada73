import { randomBytes } from 'node:crypto';
import type { HistoryEntry, Interaction, MediaType, State, UserData } from './interaction.js';
import { holderOf } from './interaction.js';

/** What the notifier hears: one event per notified change, raised by the store alone. */
export interface StoreEvent {
  notificationType: 'StatusChange' | 'PropertiesUpdated';
  /** The agent concerned. */
  agent: string;
  interaction: Interaction;
}

export interface CreateInput {
  mediaType: MediaType;
  agent?: string;
  queue?: string;
  userData?: UserData;
  parentId?: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * All interaction state, in one place. Every handler runs synchronously from reading the state to
 * the last change, so on node's single thread two requests can never interleave on one interaction:
 * that is the serialisation the contract asks for (one owner at a time, no lost update).
 */
export class Store {
  private readonly interactions = new Map<string, Interaction>();

  constructor(private readonly emit: (event: StoreEvent) => void) {}

  reset(): void {
    this.interactions.clear();
  }

  get(id: string): Interaction | undefined {
    return this.interactions.get(id);
  }

  all(): Interaction[] {
    return [...this.interactions.values()];
  }

  /** Creates an interaction: invited to `agent` when given, else waiting in its queue. */
  create(input: CreateInput, initial?: { state: State; owner: string; notify?: boolean }): Interaction {
    const ix: Interaction = {
      id: this.newId(),
      mediaType: input.mediaType,
      state: 'Queued',
      userData: structuredClone(input.userData ?? {}),
      history: [],
      rejectedBy: new Set(),
    };
    if (input.queue !== undefined) ix.queue = input.queue;
    if (input.parentId !== undefined) ix.parentId = input.parentId;
    this.interactions.set(ix.id, ix);
    if (initial !== undefined) this.assign(ix, initial.state, initial.owner, initial.notify ?? true);
    else if (input.agent !== undefined) this.invite(ix, input.agent);
    else this.transition(ix, 'Queued', undefined);
    return ix;
  }

  /** Offers the interaction to an agent: Invited, notified. */
  invite(ix: Interaction, agent: string): void {
    delete ix.owner;
    delete ix.workbin;
    ix.invitee = agent;
    this.transition(ix, 'Invited', agent);
  }

  /** Gives the interaction to an agent in a working state (Processing, Composing), notified. */
  assign(ix: Interaction, state: State, agent: string, notify = true): void {
    delete ix.invitee;
    ix.owner = agent;
    this.transition(ix, state, notify ? agent : undefined);
  }

  /** Takes the interaction away from its holder: the holder is told `Revoked`. */
  revoke(ix: Interaction): void {
    this.finish(ix, 'Revoked');
  }

  /** Ownership ends with a state told to the former holder (Completed, Revoked, InWorkbin). */
  finish(ix: Interaction, state: State): void {
    const holder = holderOf(ix);
    delete ix.owner;
    delete ix.invitee;
    this.transition(ix, state, holder);
  }

  /** Waits in a queue, with no owner and nobody to notify. */
  enqueue(ix: Interaction, queue: string): void {
    delete ix.owner;
    delete ix.invitee;
    delete ix.workbin;
    ix.queue = queue;
    this.transition(ix, 'Queued', undefined);
  }

  /** Moves to a workbin: the former owner is told `InWorkbin`, ownership ends. */
  toWorkbin(ix: Interaction, workbin: string): void {
    ix.workbin = workbin;
    this.finish(ix, 'InWorkbin');
  }

  setUserData(ix: Interaction, userData: UserData, notify = true): void {
    ix.userData = userData;
    if (notify && ix.owner !== undefined) {
      this.emit({ notificationType: 'PropertiesUpdated', agent: ix.owner, interaction: ix });
    }
  }

  /** Tells an agent the interaction's current state (for a change whose notification went nowhere). */
  notifyState(ix: Interaction, agent: string): void {
    this.emit({ notificationType: 'StatusChange', agent, interaction: ix });
  }

  /** Interactions the agent holds now (invited, processing or composing). */
  activeCountFor(agent: string): number {
    let n = 0;
    for (const ix of this.interactions.values()) if (holderOf(ix) === agent) n += 1;
    return n;
  }

  private transition(ix: Interaction, state: State, agent: string | undefined): void {
    ix.state = state;
    const entry: HistoryEntry = { state, at: new Date().toISOString() };
    if (agent !== undefined) entry.agent = agent;
    ix.history.push(entry);
    if (agent !== undefined) this.emit({ notificationType: 'StatusChange', agent, interaction: ix });
  }

  private newId(): string {
    for (;;) {
      const bytes = randomBytes(16);
      let id = '';
      for (const b of bytes) id += ALPHANUMERIC[b % ALPHANUMERIC.length];
      if (!this.interactions.has(id)) return id;
    }
  }
}
