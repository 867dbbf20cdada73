import { ServerError } from './errors.js';

/**
 * One deliberate deviation from the contract, named after the requirement it breaks. A defensible
 * answer where the seed is silent is a reading (readings.ts, spec/readings.yaml), not a fault.
 */
export interface Fault {
  /** Lowercased requirement id plus a slug. */
  name: string;
  requirement: string;
  description: string;
}

const fault = (requirement: string, slug: string, description: string): Fault => ({
  name: `${requirement.toLowerCase()}-${slug}`,
  requirement,
  description,
});

export const FAULTS: readonly Fault[] = [
  fault('IX-AUTH-01', 'no-credentials-accepted', 'a request without credentials is served as agent01'),
  fault('IX-AUTH-05', 'handshake-unauthenticated', 'a CometD handshake without credentials is accepted'),
  fault('IX-ME-03', 'others-listed', '/me/interactions lists every agent’s interactions'),
  fault('IX-ME-04', 'role-ignored', 'the role check on /me/interactions is skipped (admin gets a list)'),
  fault('IX-ME-05', 'relative-uris', '/me/interactions answers relative URIs'),
  fault('IX-OP-04', 'unknown-id-ok', 'an unknown interaction id gets the success variant'),
  fault('IX-OP-06', 'business-error-500', 'business errors are answered with HTTP 500'),
  fault('IX-ACCEPT-01', 'wrong-family', 'Accept answers {"statusCode":0} instead of {"status":"ok"}'),
  fault('IX-ACCEPT-02', 'no-notification', 'Accept sends no Processing notification'),
  fault('IX-ACCEPT-02', 'state-accepted', 'the state after Accept is called `Accepted`'),
  fault('IX-ACCEPT-03', 'twice-allowed', 'Accept on an interaction already Processing succeeds again'),
  fault('IX-CANCEL-01', 'status-ok', 'Cancel answers {"status":"ok"} instead of {"status":0}'),
  fault('IX-COMPLETE-01', 'wrong-family', 'Complete answers {"status":"ok"} instead of {"statusCode":0}'),
  fault('IX-COMPLETE-03', 'before-accept', 'Complete is allowed while the interaction is Invited'),
  fault('IX-COMPLETE-05', 'still-listed', 'a completed interaction stays in GET /interactions'),
  fault('IX-NOTIFY-02', 'wrong-agent', 'notifications go to another connected agent instead'),
  fault('IX-NOTIFY-03', 'empty-capabilities', 'capabilities are empty while Processing'),
  fault('IX-NOTIFY-04', 'duplicate-status-change', 'every StatusChange notification is sent twice'),
  fault('IX-UDATA-01', 'loses-key', 'AttachUserData drops the last key it was given'),
  fault('IX-UDATA-02', 'no-properties-updated', 'user-data changes send no PropertiesUpdated'),
  fault('IX-UDATA-06', 'delete-ignored', 'DeleteUserData answers ok and removes nothing'),
  fault('IX-TRANSFER-03', 'target-not-invited', 'Transfer revokes the sender but never invites the target'),
  fault(
    'IX-REJECT-03',
    'no-reoffer',
    'Reject puts the interaction back in its queue even when agents are free',
  ),
  fault('IX-QUEUE-02', 'keeps-ownership', 'PlaceInQueue answers ok and the owner keeps the interaction'),
  fault('IX-QUEUE-03', 'missing-queue-accepted', 'PlaceInQueue without queueName is accepted (support)'),
  fault('IX-WB-07', 'content-missing', 'the workbin content message lists no interactions'),
  fault(
    'IX-ACCEPT-07',
    'non-atomic',
    'Accept checks the invitation, pauses, then takes it: two Accepts (or an Accept and a Reject) sent together both succeed',
  ),
  fault(
    'IX-UDATA-14',
    'lost-update',
    'user-data writes read, pause, then write what they read: of two sent together one is lost, both answered ok',
  ),
  fault(
    'IX-NOTIFY-05',
    'reordered',
    'the Processing notification is held back, so a Complete sent right after Accept is heard first',
  ),
  fault(
    'IX-TRANSFER-10',
    'previous-owner-notified',
    'after ownership moves on, every change is still notified to the agent who last lost it',
  ),
  fault(
    'IX-TRANSFER-10',
    'reply-to-first-agent',
    'the reply an email’s owner creates is notified to the agent the email was first offered to',
  ),
  fault(
    'IX-AUTH-06',
    'cookie-handshake-refused',
    'a CometD handshake authenticated by the session cookie alone (no Authorization) is refused',
  ),
];

export type FaultName = string;

/** The switched-on faults; `has` is checked at the one place each fault changes behaviour. */
export interface FaultSet {
  has(name: FaultName): boolean;
  readonly names: readonly string[];
}

/** Checks the names against FAULTS: an unknown name is a startup error listing the known ones. */
export function resolveFaults(names: readonly string[] = []): FaultSet {
  const known = new Set(FAULTS.map((f) => f.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ServerError(
      'UNKNOWN_FAULT',
      `unknown fault ${unknown.join(', ')}; known faults: ${[...known].join(', ')}`,
    );
  }
  const on = new Set(names);
  const has = (name: FaultName): boolean => {
    // A misspelt name in the server's own code would silently never fire: fail loudly instead.
    if (!known.has(name)) throw new ServerError('UNKNOWN_FAULT', `no fault named ${name}`);
    return on.has(name);
  };
  return { has, names: [...on] };
}
