export { ActorLongPollingTransport } from './actor-long-polling.js';
export { ensureCometdAdapted } from './adapt.js';
export { CometdError } from './errors.js';
export {
  type BayeuxMessage,
  type CometdSession,
  type CometdSessionOptions,
  openCometdSession,
  type SessionEventNotice,
} from './session.js';
