import type { ActorHttp } from '../http/index.js';

/** A notification as it arrived on a subscribed channel, whatever the transport. */
export interface NotificationMessage {
  channel: string;
  data: unknown;
}

/** Trouble with a session as the transport sees it; the message log adds the actor and the time. */
export interface NotificationEvent {
  kind: 'session-lost' | 'rehandshake' | 'connect-failed';
  detail: string;
}

export interface OpenOptions {
  /** Told when the server drops the session and when a new one is made (recorded in the timeline). */
  onEvent?: (event: NotificationEvent) => void;
  /** `session`: the session is authenticated by the actor's session cookie alone (no Authorization). */
  auth?: 'session';
}

/** One actor's open, subscribed session: a source of messages until it is closed. */
export interface NotificationSession {
  /** Successful handshakes so far (more than one means the session was lost and re-made). */
  readonly handshakes: number;
  close(): Promise<void>;
}

/**
 * Whose fault a session that could not be opened is (docs/blame.md), by its code. During a run every
 * `IC_E_COMETD_…` is the target's (refused, failed, never answered, subscription refused): the setup
 * check passed before, so the URL and the credentials are right. Before the run, the setup check
 * counts only a refusal or a silence as the target's: a connection failure or an HTTP error there
 * most likely means a wrong `target.cometdUrl`, a setup mistake.
 */
export function isTargetSessionFailure(code: string, phase: 'run' | 'setup' = 'run'): boolean {
  if (phase === 'setup')
    return code === 'IC_E_COMETD_HANDSHAKE_REFUSED' || code === 'IC_E_COMETD_HANDSHAKE_TIMEOUT';
  return code.startsWith('IC_E_COMETD_');
}

/** The transports a configuration may choose (`notifications: { transport }`). */
export const NOTIFICATION_TRANSPORTS = ['long-polling', 'websocket'] as const;
export type NotificationTransportName = (typeof NOTIFICATION_TRANSPORTS)[number];

/**
 * How notifications reach the harness: open a session for an actor (its HTTP identity carries the
 * credentials, cookies and CSRF token), subscribed to the channels, each message handed to `deliver`
 * (the scenario's MessageLog, which knows nothing of the transport), session trouble to `onEvent`. Rejects with a HarnessError
 * (`IC_E_COMETD_…`) when the session cannot be set up.
 */
export interface NotificationTransport {
  readonly name: NotificationTransportName;
  open(
    actor: { name: string; http: ActorHttp },
    channels: string[],
    deliver: (message: NotificationMessage) => void,
    options?: OpenOptions,
  ): Promise<NotificationSession>;
}
