import { HarnessError } from '../errors.js';

type CometdErrorCode =
  | 'IC_E_COMETD_HANDSHAKE_REFUSED'
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
