import { setTimeout as sleep } from 'node:timers/promises';
import type { Interaction, UserData } from './interaction.js';
import type { OperationContext, OperationRequest } from './operations.js';
import { OK, type Outcome } from './outcome.js';

/**
 * The faults that break atomicity. The reference server runs each operation from its check to its
 * last change in one synchronous stretch, which is what serialises concurrent requests; these faults
 * put a pause between the check and the change, so requests arriving together all pass the check.
 */
export const RACE_WINDOW_MS = 60;

/** ix-accept-07-non-atomic: Accept checks the invitation, pauses, then takes it without checking again. */
export function nonAtomicAccept(
  ix: Interaction,
  req: OperationRequest,
  ctx: OperationContext,
): Promise<Outcome> | undefined {
  if (ix.state !== 'Invited' || ix.invitee !== req.caller) return undefined; // refused as usual
  return sleep(RACE_WINDOW_MS).then(() => {
    ctx.store.assign(ix, 'Processing', req.caller);
    return OK;
  });
}

/**
 * ix-udata-14-lost-update: AttachUserData and UpdateUserData read the user data, pause, then write
 * what they read merged with their own keys: of two writes sent together, the last one wins.
 */
export function lostUpdate(
  ix: Interaction,
  req: OperationRequest,
  ctx: OperationContext,
  merge: (current: UserData, given: UserData) => UserData,
): Promise<Outcome> | undefined {
  if (ix.state !== 'Processing' || ix.owner !== req.caller) return undefined; // refused as usual
  const read = structuredClone(ix.userData);
  const given = req.body.userData as UserData;
  return sleep(RACE_WINDOW_MS).then(() => {
    ctx.store.setUserData(ix, merge(read, given));
    return OK;
  });
}
