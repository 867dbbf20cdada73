import type { FaultSet } from './faults.js';
import type { Fixtures } from './fixtures.js';
import { holderOf, type Interaction, type UserData } from './interaction.js';
import type { Notifier } from './notifier.js';
import { CODE, fail, OK, type Outcome } from './outcome.js';
import type { ReadingSet } from './readings.js';
import type { Store } from './store.js';
import { attachUserData, deepMergeUserData, deleteUserData } from './user-data.js';

export interface OperationContext {
  store: Store;
  notifier: Notifier;
  fixtures: Fixtures;
  faults: FaultSet;
  readings: ReadingSet;
  /** Agents with a live session subscribed to the interactions channel, in userId order. */
  availableAgents(): string[];
}

/** A request already checked for shape: the fields each operation reads. */
export interface OperationRequest {
  caller: string;
  operationName: string;
  body: Record<string, unknown>;
}

type Handler = (ix: Interaction, req: OperationRequest, ctx: OperationContext) => Outcome;

/** Checks that the caller works on the interaction now (Processing, owner). */
function mustOwnProcessing(ix: Interaction, caller: string): Outcome {
  const holder = holderOf(ix);
  if (holder !== undefined && holder !== caller)
    return fail(CODE.forbidden, 'interaction belongs to another agent');
  if (ix.state !== 'Processing' || ix.owner !== caller) {
    return fail(CODE.invalidParameter, `operation not valid in state ${ix.state}`, 'state');
  }
  return OK;
}

function mustBeInvited(ix: Interaction, caller: string): Outcome {
  const holder = holderOf(ix);
  if (holder !== undefined && holder !== caller)
    return fail(CODE.forbidden, 'interaction belongs to another agent');
  if (ix.state !== 'Invited' || ix.invitee !== caller) {
    return fail(CODE.invalidParameter, `operation not valid in state ${ix.state}`, 'state');
  }
  return OK;
}

const accept: Handler = (ix, { caller }, { store, faults }) => {
  if (ix.state === 'Processing' && ix.owner === caller && faults.has('ix-accept-03-twice-allowed')) {
    store.assign(ix, 'Processing', caller);
    return OK;
  }
  const check = mustBeInvited(ix, caller);
  if (!check.ok) return check;
  store.assign(ix, 'Processing', caller, !faults.has('ix-accept-02-no-notification'));
  return OK;
};

const reject: Handler = (ix, { caller }, ctx) => {
  const check = mustBeInvited(ix, caller);
  if (!check.ok) return check;
  ix.rejectedBy.add(caller);
  ctx.store.revoke(ix);
  const next = ctx.faults.has('ix-reject-03-no-reoffer') ? undefined : nextAgent(ix, ctx);
  if (next === undefined) ctx.store.enqueue(ix, ix.queue ?? 'support');
  else ctx.store.invite(ix, next);
  return OK;
};

/** An available agent who has not rejected it: fewest interactions first, then userId order. */
function nextAgent(ix: Interaction, ctx: OperationContext): string | undefined {
  const agents = new Set(ctx.fixtures.users.filter((u) => u.roles.includes('agent')).map((u) => u.userId));
  const candidates = ctx.availableAgents().filter((a) => agents.has(a) && !ix.rejectedBy.has(a));
  const load = new Map(candidates.map((a) => [a, ctx.store.activeCountFor(a)] as const));
  candidates.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a.localeCompare(b));
  return candidates[0];
}

const complete: Handler = (ix, { caller }, { store, faults }) => {
  const invitedOk =
    faults.has('ix-complete-03-before-accept') && ix.state === 'Invited' && ix.invitee === caller;
  if (!invitedOk) {
    const check = mustOwnProcessing(ix, caller);
    if (!check.ok) return check;
  }
  store.finish(ix, 'Completed');
  return OK;
};

const placeInQueue: Handler = (ix, { caller, body }, { store, fixtures, faults, readings }) => {
  // The ix-queue-03 fault fills a missing queueName before the schema check (api-routes).
  const queue = body.queueName;
  if (typeof queue !== 'string') return fail(CODE.missingParameter, 'queueName is required');
  if (!fixtures.queues.includes(queue) && !readings.is('unknown-queue', 'accepted'))
    return fail(CODE.invalidParameter, `unknown queue ${queue}`);
  const check = mustOwnProcessing(ix, caller);
  if (!check.ok) return check;
  if (faults.has('ix-queue-02-keeps-ownership')) {
    ix.queue = queue;
    return OK;
  }
  store.revoke(ix);
  store.enqueue(ix, queue);
  return OK;
};

type Merge = (current: UserData, given: UserData, switches: OperationContext) => UserData;

const userDataHandler =
  (
    merge: Merge,
    precondition?: (ix: Interaction, given: UserData, ctx: OperationContext) => Outcome,
  ): Handler =>
  (ix, { caller, body }, ctx) => {
    const check = mustOwnProcessing(ix, caller);
    if (!check.ok) return check;
    const given = body.userData as UserData;
    const allowed = precondition?.(ix, given, ctx) ?? OK;
    if (!allowed.ok) return allowed;
    ctx.store.setUserData(
      ix,
      merge(ix.userData, given, ctx),
      !ctx.faults.has('ix-udata-02-no-properties-updated'),
    );
    return OK;
  };

const attach: Merge = (current, given, { faults }) => {
  const kept = { ...given };
  const keys = Object.keys(kept);
  const last = keys[keys.length - 1];
  if (faults.has('ix-udata-01-loses-key') && last !== undefined) delete kept[last];
  return attachUserData(current, kept);
};
/** UpdateUserData and PUT /interactions/{id}: nested objects merged (`merge`) or replaced as given (`replace`). */
export function updateUserData(current: UserData, given: UserData, readings: ReadingSet): UserData {
  return readings.is('update-nested-user-data', 'replace')
    ? attachUserData(current, given)
    : deepMergeUserData(current, given);
}
const update: Merge = (current, given, { readings }) => updateUserData(current, given, readings);
const remove: Merge = (current, given, { faults }) =>
  faults.has('ix-udata-06-delete-ignored') ? current : deleteUserData(current, given);
/** DeleteUserData of a key the interaction does not hold: ignored (`ok`) or refused (`refused`). */
const removeOnlyHeld = (ix: Interaction, given: UserData, { readings }: OperationContext): Outcome => {
  const absent = Object.keys(given).filter((k) => !Object.hasOwn(ix.userData, k));
  if (absent.length === 0 || !readings.is('delete-absent-key', 'refused')) return OK;
  return fail(CODE.invalidParameter, `no user data key ${absent.join(', ')}`, 'input');
};

/** A workbin the server does not know: refused (`refused`) or an empty one of that name (`accepted`). */
function unknownWorkbin(workbin: string, ctx: OperationContext): Outcome {
  if (ctx.fixtures.workbins.includes(workbin) || ctx.readings.is('unknown-workbin', 'accepted')) return OK;
  return fail(CODE.invalidParameter, `unknown workbin ${workbin}`);
}

const placeInWorkbin: Handler = (ix, { caller, body }, ctx) => {
  const { store } = ctx;
  const workbin = body.workbin;
  if (typeof workbin !== 'string') return fail(CODE.missingParameter, 'workbin is required');
  const known = unknownWorkbin(workbin, ctx);
  if (!known.ok) return known;
  const check = mustOwnProcessing(ix, caller);
  if (!check.ok) return check;
  store.toWorkbin(ix, workbin);
  return OK;
};

const transfer: Handler = (ix, { caller, body }, { store, fixtures, faults }) => {
  const check = mustOwnProcessing(ix, caller);
  if (!check.ok) return check;
  const target = fixtures.users.find((u) => u.userId === body.userId);
  // The unknown user is named in the body: bad input (400 under http-4xx), with the not-found code.
  if (target === undefined) return fail(CODE.notFound, `unknown user ${String(body.userId)}`, 'input');
  if (target.userId === caller) return fail(CODE.invalidParameter, 'cannot transfer to yourself');
  if (!target.roles.includes('agent')) return fail(CODE.invalidParameter, `${target.userId} is not an agent`);
  store.revoke(ix);
  if (!faults.has('ix-transfer-03-target-not-invited')) store.invite(ix, target.userId);
  return OK;
};

const reply: Handler = (ix, { caller }, { store, faults }) => {
  const check = mustOwnProcessing(ix, caller);
  if (!check.ok) return check;
  if (ix.mediaType !== 'email')
    return fail(CODE.invalidParameter, 'only an email can be replied to', 'state');
  const first = faults.has('ix-transfer-10-reply-to-first-agent')
    ? ix.history.find((e) => e.agent !== undefined)?.agent
    : undefined;
  const misrouted = first !== undefined && first !== caller;
  const created = store.create(
    { mediaType: 'email', parentId: ix.id },
    { state: 'Composing', owner: caller, notify: !misrouted },
  );
  if (misrouted) store.notifyState(created, first);
  return { ok: true, id: created.id };
};

const cancel: Handler = (ix, { caller }, { store }) => {
  const holder = holderOf(ix);
  if (holder !== undefined && holder !== caller)
    return fail(CODE.forbidden, 'interaction belongs to another agent');
  if (ix.state !== 'Composing' || ix.owner !== caller) {
    return fail(CODE.invalidParameter, 'Cancel applies only to a reply being composed', 'state');
  }
  store.finish(ix, 'Revoked');
  return OK;
};

/** Handlers of the operations that act on one interaction. */
export const INTERACTION_OPERATIONS: Readonly<Record<string, Handler>> = {
  Accept: accept,
  Reject: reject,
  Complete: complete,
  PlaceInQueue: placeInQueue,
  AttachUserData: userDataHandler(attach),
  UpdateUserData: userDataHandler(update),
  DeleteUserData: userDataHandler(remove, removeOnlyHeld),
  PlaceInWorkbin: placeInWorkbin,
  Transfer: transfer,
  Reply: reply,
  ReplyAll: reply,
  Cancel: cancel,
};

/** GetWorkbinContent ignores the interaction of its path: the content goes to the caller over CometD. */
export function getWorkbinContent(req: OperationRequest, ctx: OperationContext): Outcome {
  const workbin = req.body.workbin;
  if (typeof workbin !== 'string') return fail(CODE.missingParameter, 'workbin is required');
  const known = unknownWorkbin(workbin, ctx);
  if (!known.ok) return known;
  const content = ctx.store.all().filter((ix) => ix.state === 'InWorkbin' && ix.workbin === workbin);
  ctx.notifier.workbinContent(req.caller, workbin, content);
  return OK;
}

export const OPERATION_NAMES = [...Object.keys(INTERACTION_OPERATIONS), 'GetWorkbinContent'];
