/** A CometD session problem, with a stable code for callers to branch on. */
export class CometdError extends Error {
  readonly code: 'COMETD_HANDSHAKE_REFUSED' | 'COMETD_HANDSHAKE_TIMEOUT' | 'COMETD_SUBSCRIBE_FAILED';

  constructor(code: CometdError['code'], message: string) {
    super(message);
    this.name = 'CometdError';
    this.code = code;
  }
}
