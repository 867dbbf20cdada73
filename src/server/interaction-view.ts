import type { FaultSet } from './faults.js';
import type { Interaction } from './interaction.js';
import { capabilitiesFor } from './interaction.js';
import type { ReadingSet } from './readings.js';

export interface ViewContext {
  /** Absolute API base ending in /api/v2. */
  baseUrl: string;
  faults: FaultSet;
  readings: ReadingSet;
}

/** The state shown for an interaction waiting in a queue: `Queued` or `Revoked` (reading queued-state-name). */
export function shownState(ix: Interaction, readings: ReadingSet): string {
  return ix.state === 'Queued' && readings.is('queued-state-name', 'Revoked') ? 'Revoked' : ix.state;
}

/** The interaction as clients see it (GET answers and the envelope's `interaction`). */
export function interactionView(ix: Interaction, ctx: ViewContext): Record<string, unknown> {
  const path = `/interactions/${ix.id}`;
  let state = shownState(ix, ctx.readings);
  let capabilities = capabilitiesFor(ix.state, ix.mediaType);
  if (ix.state === 'Processing' && ctx.faults.has('ix-accept-02-state-accepted')) state = 'Accepted';
  if (ix.state === 'Processing' && ctx.faults.has('ix-notify-03-empty-capabilities')) capabilities = [];
  const view: Record<string, unknown> = {
    id: ix.id,
    state,
    capabilities,
    mediaType: ix.mediaType,
    userData: structuredClone(ix.userData),
    uri: `${ctx.baseUrl}${path}`,
    path,
  };
  if (ix.queue !== undefined) view.queue = ix.queue;
  if (ix.workbin !== undefined) view.workbin = ix.workbin;
  if (ix.parentId !== undefined) view.parentId = ix.parentId;
  return view;
}

/** The flat dialect's form: the media name under `channel`, the message type beside it. */
export function flatInteraction(view: Record<string, unknown>): Record<string, unknown> {
  const { mediaType, ...rest } = view;
  return { ...rest, channel: mediaType };
}
