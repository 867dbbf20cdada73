import type { ActorHttp } from '../../http/index.js';
import {
  createNotificationTransport,
  isTargetSessionFailure,
  type NotificationTransportName,
} from '../../notifications/index.js';
import { HANDSHAKE_REQUIREMENT } from '../blame.js';
import { fail, ok, type PreflightCheck, type UserRef, userLabel, warn } from './types.js';
import { mapLimit } from './words.js';

const CHANNEL = '/v2/me/interactions';

interface SessionTry {
  user: UserRef;
  /** Absent: opened, subscribed and closed. */
  problem?: string;
  /**
   * The CometD server answered (a Bayeux refusal such as `500::Handshake failed`) or did not answer
   * within timeouts.handshake, for a user whose HTTP login worked: the target's failure, which the
   * run judges (IX-AUTH-04), not a setup mistake (docs/blame.md).
   */
  target?: boolean;
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
  const attempt = async ({ user, http }: { user: UserRef; http: ActorHttp }): Promise<SessionTry> => {
    try {
      const session = await transport.open({ name: user.username, http }, [CHANNEL], () => undefined);
      await session.close();
      return { user };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return { user, problem: (err as Error).message, target: isTargetSessionFailure(String(code), 'setup') };
    }
  };
  // One agent first: when the target fails its handshake (a silent server costs timeouts.handshake
  // per try), the others would fail the same way, and the run judges it anyway.
  const [first, ...rest] = agents;
  const firstTry = first ? await attempt(first) : undefined;
  const tries =
    firstTry?.target === true
      ? [firstTry]
      : [...(firstTry ? [firstTry] : []), ...(await mapLimit(rest, 4, attempt))];
  const judged = tries.filter((t) => t.problem !== undefined && t.target);
  const targetLines = judged.length > 0 ? [targetWarning(judged, cometdUrl)] : [];
  return [
    ...setupChecks(
      tries.filter((t) => !t.target),
      cometdUrl,
      transportName,
    ),
    ...targetLines,
  ];
}

/** One warning for every handshake the target failed: the run goes on and judges it. */
function targetWarning(judged: SessionTry[], cometdUrl: string): PreflightCheck {
  const names = judged.map((t) => t.user.username).join(', ');
  return warn(
    `CometD at ${cometdUrl}: ${judged[0]?.problem ?? 'handshake failed'}, for ${judged.length} agent(s) (${names}), whose HTTP login works: the run judges this as the target's failure of ${HANDSHAKE_REQUIREMENT}`,
  );
}

function setupChecks(
  tries: SessionTry[],
  cometdUrl: string,
  transportName: NotificationTransportName,
): PreflightCheck[] {
  // A target may offer long-polling only: with another transport chosen, that is the likelier fix.
  const alsoTransport =
    transportName === 'long-polling' ? '' : `, or notifications.transport (now ${transportName})`;
  const failed = tries.filter((t) => t.problem !== undefined);
  const first = failed[0];
  if (first && failed.length > 1 && failed.every((t) => t.problem === first.problem)) {
    const names = failed.map((t) => t.user.username).join(', ');
    return [
      ...tries.filter((t) => t.problem === undefined).map(okLine),
      fail(
        `CometD at ${cometdUrl}: ${first.problem}, for ${failed.length} agents (${names}); check target.cometdUrl${alsoTransport}`,
      ),
    ];
  }
  return tries.map((t) =>
    t.problem === undefined
      ? okLine(t)
      : fail(
          `${userLabel(t.user)}: CometD at ${cometdUrl}: ${t.problem}; check target.cometdUrl${alsoTransport} and that the user may subscribe to ${CHANNEL}`,
        ),
  );
}

function okLine(t: SessionTry): PreflightCheck {
  return ok(`${t.user.username} opens a CometD session and subscribes to ${CHANNEL}`);
}
