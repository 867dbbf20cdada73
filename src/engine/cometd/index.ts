export { ActorLongPollingTransport } from './actor-long-polling.js';
export { ensureCometdAdapted } from './adapt.js';
export { CometdError } from './errors.js';
export { MessageLog, type RecordedMessage } from './message-log.js';
export {
  type BayeuxMessage,
  type CometdSessionOptions,
  type NotificationSession,
  openCometdSession,
  type SessionEventNotice,
} from './session.js';
