import { HarnessError } from '../errors.js';

/**
 * REFUSED: a Bayeux reply with `successful:false`; FAILED: no Bayeux reply (an HTTP error status,
 * a connection failure); TIMEOUT: no reply within `timeouts.handshake`.
 */
type CometdErrorCode =
  | 'IC_E_COMETD_HANDSHAKE_REFUSED'
  | 'IC_E_COMETD_HANDSHAKE_FAILED'
  | 'IC_E_COMETD_HANDSHAKE_TIMEOUT'
  | 'IC_E_COMETD_SUBSCRIBE_FAILED';

/** A CometD session could not be set up: the harness's side (transport setup), not a verdict. */
export class CometdError extends HarnessError {
  declare readonly code: CometdErrorCode;

  constructor(code: CometdErrorCode, message: string) {
    super(code, message);
    this.name = 'CometdError';
  }
}
