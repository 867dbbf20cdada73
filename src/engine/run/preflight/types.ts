import type { Scenario } from '../../../model/index.js';
import type { HarnessConfig } from '../../config/types.js';

/** `fail` stops a run; `warn` and `skip` are printed and do not. */
export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skip';

/** One printed line: what was checked, or (for fail/warn) the problem and what to check. */
export interface PreflightCheck {
  status: CheckStatus;
  text: string;
}

export interface PreflightOptions {
  config: HarnessConfig;
  /** The API base, without a trailing slash. */
  baseUrl: string;
  cometdUrl: string;
  /** The control API's base (origin + prefix), for the http provisioner. */
  controlUrl: string;
  /** The scenarios about to run (for the pool-size warning); absent: that check is skipped. */
  scenarios?: Scenario[];
  /**
   * How many agents open a CometD session (the first ones whose login works); absent: every agent.
   * A run samples: a wrong URL or transport fails them all alike, and every login is still checked
   * over HTTP; `doctor` tries them all.
   */
  cometdSample?: number;
}

export interface PreflightReport {
  checks: PreflightCheck[];
  /** The failing checks' texts: one per problem. */
  problems: string[];
}

/** A configured user, named as the config names it: `agent02 (agents[1])`. */
export interface UserRef {
  group: 'agents' | 'admins' | 'norole';
  index: number;
  username: string;
  password: string;
  userId: string;
}

export function userLabel(u: UserRef): string {
  return `${u.username} (${u.group}[${u.index}])`;
}

export function usersOf(config: HarnessConfig): UserRef[] {
  const groups = ['agents', 'admins', 'norole'] as const;
  return groups.flatMap((group) =>
    config.actors[group].map((c, index) => ({
      group,
      index,
      username: c.username,
      password: c.password,
      userId: c.userId,
    })),
  );
}

export const ok = (text: string): PreflightCheck => ({ status: 'ok', text });
export const fail = (text: string): PreflightCheck => ({ status: 'fail', text });
export const warn = (text: string): PreflightCheck => ({ status: 'warn', text });
export const skip = (text: string): PreflightCheck => ({ status: 'skip', text });
