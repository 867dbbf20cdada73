/** The server-side record of one interaction, and the rules derived from its state. */

export const MEDIA_TYPES = ['chat', 'email', 'workitem'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export type State = 'Invited' | 'Processing' | 'Composing' | 'Completed' | 'Revoked' | 'InWorkbin' | 'Queued';

export type UserData = Record<string, unknown>;

export interface HistoryEntry {
  state: State;
  /** ISO timestamp. */
  at: string;
  /** The agent this state change was notified to, when one was concerned. */
  agent?: string;
}

export interface Interaction {
  id: string;
  mediaType: MediaType;
  state: State;
  /** The agent working on it (Processing, Composing). */
  owner?: string;
  /** The agent it is offered to (Invited). */
  invitee?: string;
  /** The queue it waits in, or the one it came from (used when a Reject finds nobody). */
  queue?: string;
  workbin?: string;
  parentId?: string;
  userData: UserData;
  history: HistoryEntry[];
  /** Agents who rejected it: never offered to them again. */
  rejectedBy: Set<string>;
}

const PROCESSING_CAPABILITIES = [
  'Complete',
  'Transfer',
  'PlaceInQueue',
  'PlaceInWorkbin',
  'AttachUserData',
  'UpdateUserData',
  'DeleteUserData',
];

/** Capabilities in the fixed order of the contract, derived from state and media alone. */
export function capabilitiesFor(state: State, mediaType: MediaType): string[] {
  switch (state) {
    case 'Invited':
      return ['Accept', 'Reject'];
    case 'Processing':
      return mediaType === 'email'
        ? [...PROCESSING_CAPABILITIES, 'Reply', 'ReplyAll']
        : [...PROCESSING_CAPABILITIES];
    case 'Composing':
      return ['Cancel'];
    default:
      return [];
  }
}

/** The agent an interaction currently belongs to, as owner or invitee. */
export function holderOf(ix: Interaction): string | undefined {
  return ix.owner ?? ix.invitee;
}
