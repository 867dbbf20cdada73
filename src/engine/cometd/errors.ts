/** A CometD session problem, with a stable code for callers to branch on. */
export class CometdError extends Error {
  /**
   * REFUSED: a Bayeux reply with `successful:false`; FAILED: no Bayeux reply (an HTTP error status,
   * a connection failure); TIMEOUT: no reply within `timeouts.handshake`.
   */
  readonly code:
    | 'COMETD_HANDSHAKE_REFUSED'
    | 'COMETD_HANDSHAKE_FAILED'
    | 'COMETD_HANDSHAKE_TIMEOUT'
    | 'COMETD_SUBSCRIBE_FAILED';

  constructor(code: CometdError['code'], message: string) {
    super(message);
    this.name = 'CometdError';
    this.code = code;
  }
}
