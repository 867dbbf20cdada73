export { ActorLongPollingTransport } from './actor-long-polling.js';
export { ensureCometdAdapted } from './adapt.js';
export { CometdError } from './errors.js';
export {
  type BayeuxMessage,
  type CometdSessionOptions,
  type NotificationSession,
  openCometdSession,
} from './session.js';
