import { HarnessError } from '../../errors.js';
import { ActorHttp, HttpPools } from '../../http/index.js';
import { cometdChecks } from './cometd.js';
import { poolCheck } from './pool.js';
import { cleanUp, provisionCheck } from './provisioner.js';
import {
  ok,
  type PreflightCheck,
  type PreflightOptions,
  type PreflightReport,
  skip,
  usersOf,
} from './types.js';
import { baseCheck, loginCheck, probeUser, roleCheck, type UserProbe } from './users.js';
import { mapLimit } from './words.js';

export type { CheckStatus, PreflightCheck, PreflightOptions, PreflightReport } from './types.js';
export { duration, noAnswer } from './words.js';

/**
 * Setup checks before any scenario: the base URL, every user's login, every agent's CometD session,
 * the provisioner, the roles and (with --shard) the pool size. One check per problem, each naming the
 * user, URL or setting to fix; every request is bounded by the configured timeouts.
 */
export async function runPreflight(opts: PreflightOptions): Promise<PreflightReport> {
  const { config, cometdUrl, controlUrl } = opts;
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { requestMs, handshakeMs } = config.timeouts;
  const meUrl = `${baseUrl}/me/interactions`;
  const pools = new HttpPools();
  const checks: PreflightCheck[] = [];
  try {
    const users = usersOf(config);
    const httpOf = new Map(users.map((u) => [u, new ActorHttp(pools, u, { csrfPrimeUrl: meUrl })]));
    const actorHttp = (u: (typeof users)[number]) => httpOf.get(u) as ActorHttp;

    // 1. One request first: a silent or wrong base would otherwise fail every user the same way.
    const firstAgent = users.find((u) => u.group === 'agents');
    const firstProbe = firstAgent
      ? await probeUser(firstAgent, actorHttp(firstAgent), meUrl, requestMs)
      : undefined;
    const baseOutcome =
      firstProbe?.outcome ??
      (await new ActorHttp(pools, { username: '', password: '' }).send({
        method: 'GET',
        url: meUrl,
        auth: 'none',
        timeoutMs: requestMs,
      }));
    const base = baseCheck(baseOutcome, baseUrl, requestMs, config.target.baseUrlFrom);
    checks.push(base.check);
    if (base.verdict === 'silent') {
      checks.push(skip('logins, CometD sessions, provisioner and roles: the target does not answer'));
      return reportOf(checks);
    }
    const apiOk = base.verdict === 'api';
    const firstLoggedIn =
      firstProbe !== undefined && apiOk && loginCheck(firstProbe, requestMs, undefined).status === 'ok';

    // 2 and 4 in parallel: the logins and the provisioner.
    const [probes, provision] = await Promise.all([
      apiOk
        ? mapLimit(users, 4, (u) =>
            u === firstAgent && firstProbe
              ? Promise.resolve(firstProbe)
              : probeUser(u, actorHttp(u), meUrl, requestMs),
          )
        : Promise.resolve([] as UserProbe[]),
      provisionCheck(config.provisioner, {
        pools,
        controlUrl,
        timeoutMs: requestMs,
        ...(firstLoggedIn && firstAgent ? { agent: firstAgent.userId } : {}),
      }),
    ]);
    if (!apiOk) checks.push(skip('logins, CometD sessions and roles: the base URL is wrong'));
    const logins = probes.map((p) => ({ p, check: loginCheck(p, requestMs, config.file) }));
    checks.push(...logins.map((l) => l.check));

    // 3 (and the clean-up of check 4) once the logins are known: a refused user is reported once.
    const agents = logins
      .filter((l) => l.p.user.group === 'agents' && l.check.status === 'ok')
      .map((l) => l.p);
    // Scenarios that open no CometD session need none checked (the 200-step HTTP flow, say).
    const usesCometd = opts.scenarios?.some((sc) => sc.actors.some((a) => a.cometd)) ?? true;
    const [sessions] = await Promise.all([
      usesCometd
        ? cometdChecks(
            agents.slice(0, opts.cometdSample),
            cometdUrl,
            handshakeMs,
            config.notifications.transport,
          )
        : Promise.resolve([skip('CometD sessions: none of the selected scenarios opens one')]),
      provision.id !== undefined && firstLoggedIn && firstProbe
        ? cleanUp(firstProbe.http, baseUrl, provision.id, requestMs)
        : Promise.resolve(),
    ]);
    checks.push(...sessions, provision.check);
    if (usesCometd && opts.cometdSample !== undefined && agents.length > opts.cometdSample)
      checks.push(
        skip(
          `CometD sessions of the other ${agents.length - opts.cometdSample} agent(s): a run tries ${opts.cometdSample}; "doctor" tries every one`,
        ),
      );

    // 5. From the same answers as the logins.
    checks.push(...rolesSummary(logins.map((l) => roleCheck(l.p))));
    const pool = poolCheck(config, opts.scenarios);
    if (pool) checks.push(pool);
    return reportOf(checks);
  } finally {
    await pools.close();
  }
}

/** The problems and warnings one by one; the passes as one line. */
function rolesSummary(roles: Array<PreflightCheck | undefined>): PreflightCheck[] {
  const known = roles.filter((r): r is PreflightCheck => r !== undefined);
  const passed = known.filter((r) => r.status === 'ok').length;
  const others = known.filter((r) => r.status !== 'ok');
  return passed > 0
    ? [
        ok(
          `roles look as configured for ${passed} user(s): agents list /me/interactions, the others are refused`,
        ),
        ...others,
      ]
    : others;
}

function reportOf(checks: PreflightCheck[]): PreflightReport {
  return { checks, problems: checks.filter((c) => c.status === 'fail').map((c) => c.text) };
}

/** `ok    text`, `FAIL  text`: the doctor's lines. */
export function formatCheck(c: PreflightCheck): string {
  const label = { ok: 'ok', fail: 'FAIL', warn: 'WARN', skip: 'skip' }[c.status];
  return `${label.padEnd(4)}  ${c.text}`;
}

/** Runs the preflight before a run: any problem stops it (`IC_E_PREFLIGHT`, one line per problem). */
export async function preflightOrThrow(
  opts: PreflightOptions & { onWarning?: (text: string) => void },
): Promise<PreflightReport> {
  const report = await runPreflight(opts);
  for (const c of report.checks) if (c.status === 'warn') opts.onWarning?.(c.text);
  if (report.problems.length > 0) {
    throw new HarnessError('IC_E_PREFLIGHT', report.problems.join('\n'), { problems: report.problems });
  }
  return report;
}
