import type { Dialect, Level, Profile } from '../../model/index.js';
import type { NotificationTransportName } from '../notifications/transport.js';

/** Credentials of one pooled user. `userId` defaults to `username`. */
export interface Credential {
  username: string;
  /** May be written `${env:NAME}` in the file; resolved at load, and redacted in every report. */
  password: string;
  userId: string;
}

export type ProvisionerConfig =
  | { kind: 'http' /** Defaults to the target's origin. */; baseUrl?: string; prefix: string }
  | { kind: 'command'; command: string[] }
  | { kind: 'none' };

/** The validated configuration (harness.config.yaml + CLI flags + environment). */
export interface HarnessConfig {
  /** The file it came from, when any. */
  file?: string;
  target: {
    /** The API base ending in /api/v2; absent: start the embedded reference server. */
    baseUrl?: string;
    /** Where baseUrl was set, for messages that say what to fix: `flag --target`, `environment IC_TARGET`. */
    baseUrlFrom?: string;
    /** The CometD URL; absent: `<baseUrl>/notifications`. */
    cometdUrl?: string;
    /** Options for the embedded reference server. */
    embedded: {
      csrf: boolean;
      faults: string[];
      /** The server's readings: `reference` (absent), `alternate`, or point → option over the reference. */
      readings?: 'reference' | 'alternate' | Record<string, string>;
    };
  };
  actors: { agents: Credential[]; admins: Credential[]; norole: Credential[] };
  provisioner: ProvisionerConfig;
  timeouts: {
    requestMs: number;
    /** Default `within` of a message step. */
    messageMs: number;
    handshakeMs: number;
    scenarioMs: number;
    /** Default `within` of a no-message step: how long silence is awaited. */
    quietMs: number;
    /** Default `retry.for` of a GET on a listing, which settles after an operation. */
    settleMs: number;
    /** The whole run's budget: scenarios not started when it is spent are blocked by it. */
    runMs: number;
  };
  dialect: Dialect;
  /** How notifications reach the harness (src/engine/notifications/): CometD long-polling or WebSocket. */
  notifications: { transport: NotificationTransportName };
  /**
   * The readings the target is expected to choose where the seed is silent: `reference` (the
   * reference server's, shipped with the project) or a file written by `--write-readings`. Absent:
   * nothing is declared and every defensible option is accepted.
   */
  readings?: string;
  /** Write the readings observed to this file after the run. */
  writeReadings?: string;
  /** The profiles the target claims; scenarios of other profiles are not applicable. */
  profiles: Profile[];
  /** Names of the target's own queues and workbins, available to scenarios as `${names.queue}` etc. */
  names: Record<string, string>;
  /** Suite files or folders. */
  suites: string[];
  /** Scenarios at once; absent: as many as the actor pool serves (the pool bounds it anyway). */
  concurrency?: number;
  filters: { tags: string[]; profiles: Profile[]; requirements: string[]; scenarios: string[] };
  bail: boolean;
  shard?: { index: number; count: number };
  reports: {
    /** Absent: reports/<timestamp>/ with a reports/latest link. */
    dir?: string;
    formats: Array<'json' | 'html' | 'junit' | 'markdown' | 'allure'>;
    failOn: Level[];
    baseline?: string;
  };
}

/** Command-line values that override the file and the environment (as parsed by the CLI). */
export interface ConfigFlags {
  target?: string;
  cometdUrl?: string;
  dialect?: string;
  /** Deprecated alias: `strict` declares the reference readings, `lenient` declares none. */
  strictness?: string;
  /** `reference` or a file of declared readings. */
  readings?: string;
  writeReadings?: string;
  /** Profiles the target claims. */
  profiles?: string[];
  concurrency?: number | string;
  reportDir?: string;
  formats?: string[];
  failOn?: string[];
  baseline?: string;
  suites?: string[];
  tags?: string[];
  /** `--profile` filters: run only these profiles' scenarios. */
  filterProfiles?: string[];
  requirements?: string[];
  scenarios?: string[];
  bail?: boolean;
  /** `i/n`, 1-based. */
  shard?: string;
  csrf?: boolean;
  faults?: string[];
}

/** The environment variables that override the file. */
export const CONFIG_ENV = {
  target: 'IC_TARGET',
  cometdUrl: 'IC_COMETD_URL',
  dialect: 'IC_DIALECT',
  strictness: 'IC_STRICTNESS',
  readings: 'IC_READINGS',
  profiles: 'IC_PROFILES',
  concurrency: 'IC_CONCURRENCY',
  reportDir: 'IC_REPORT_DIR',
} as const;
