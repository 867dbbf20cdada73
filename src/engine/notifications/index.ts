import { longPollingTransport } from './long-polling.js';
import type { NotificationTransport, NotificationTransportName } from './transport.js';
import { websocketTransport } from './websocket.js';

export { longPollingTransport } from './long-polling.js';
export { MessageLog, type RecordedMessage, toReceived } from './message-log.js';
export {
  isTargetSessionFailure,
  NOTIFICATION_TRANSPORTS,
  type NotificationEvent,
  type NotificationMessage,
  type NotificationSession,
  type NotificationTransport,
  type NotificationTransportName,
  type OpenOptions,
} from './transport.js';
export { webSocketUrl, websocketTransport } from './websocket.js';

/** The configured transport to the target's notification endpoint. */
export function createNotificationTransport(
  name: NotificationTransportName,
  opts: { url: string; handshakeMs: number },
): NotificationTransport {
  switch (name) {
    case 'long-polling':
      return longPollingTransport(opts);
    case 'websocket':
      return websocketTransport(opts);
  }
}
