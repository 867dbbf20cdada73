import { openCometdSession } from '../cometd/index.js';
import type { NotificationTransport } from './transport.js';

/** CometD (Bayeux) over long-polling, one client per actor on undici (src/engine/cometd/). */
export function longPollingTransport(opts: { url: string; handshakeMs: number }): NotificationTransport {
  return {
    name: 'long-polling',
    open: (actor, channels, deliver, options = {}) =>
      openCometdSession({
        url: opts.url,
        http: actor.http,
        channels,
        handshakeMs: opts.handshakeMs,
        onMessage: deliver,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.auth ? { auth: options.auth } : {}),
      }),
  };
}
