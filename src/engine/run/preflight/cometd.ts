import type { ActorHttp } from '../../http/index.js';
import { createNotificationTransport, type NotificationTransportName } from '../../notifications/index.js';
import { fail, ok, type PreflightCheck, type UserRef, userLabel } from './types.js';
import { mapLimit } from './words.js';

const CHANNEL = '/v2/me/interactions';

interface SessionTry {
  user: UserRef;
  /** Absent: opened, subscribed and closed. */
  problem?: string;
}

/**
 * Check 3: each agent opens a CometD session (handshake, subscribe to /v2/me/interactions) and closes
 * it. When every agent fails the same way, that is one problem (the URL, most likely), said once.
 */
export async function cometdChecks(
  agents: Array<{ user: UserRef; http: ActorHttp }>,
  cometdUrl: string,
  handshakeMs: number,
  transportName: NotificationTransportName = 'long-polling',
): Promise<PreflightCheck[]> {
  // The transport the scenarios will use, so the check sees what they will see.
  const transport = createNotificationTransport(transportName, { url: cometdUrl, handshakeMs });
  const tries = await mapLimit(agents, 4, async ({ user, http }): Promise<SessionTry> => {
    try {
      const session = await transport.open({ name: user.username, http }, [CHANNEL], () => undefined);
      await session.close();
      return { user };
    } catch (err) {
      return { user, problem: (err as Error).message };
    }
  });
  const failed = tries.filter((t) => t.problem !== undefined);
  const first = failed[0];
  if (first && failed.length > 1 && failed.every((t) => t.problem === first.problem)) {
    const names = failed.map((t) => t.user.username).join(', ');
    return [
      ...tries.filter((t) => t.problem === undefined).map(okLine),
      fail(
        `CometD at ${cometdUrl}: ${first.problem}, for ${failed.length} agents (${names}); check target.cometdUrl`,
      ),
    ];
  }
  return tries.map((t) =>
    t.problem === undefined
      ? okLine(t)
      : fail(
          `${userLabel(t.user)}: CometD at ${cometdUrl}: ${t.problem}; check target.cometdUrl and that the user may subscribe to ${CHANNEL}`,
        ),
  );
}

function okLine(t: SessionTry): PreflightCheck {
  return ok(`${t.user.username} opens a CometD session and subscribes to ${CHANNEL}`);
}
