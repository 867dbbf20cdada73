import type { Dialect, Scenario } from '../../model/index.js';
import type { Credential, HarnessConfig, ProvisionerConfig } from '../config/types.js';
import type { NotificationTransportName } from '../notifications/index.js';

/**
 * Everything the conformance test file needs, written as JSON by the CLI process and read in the
 * vitest worker. It holds credentials: the file lives in a private temporary folder, removed after.
 */
export interface RunPlan {
  scenarios: Scenario[];
  /** Scenario id → why it is not applicable (unclaimed profile, no provisioner). */
  notApplicable: Record<string, string>;
  baseUrl: string;
  cometdUrl: string;
  /** The control API base (origin + prefix) for the `http` provisioner. */
  controlUrl: string;
  provisioner: ProvisionerConfig;
  dialect: Dialect;
  /** The notification transport (absent in older plans: long-polling). */
  notifications?: { transport: NotificationTransportName };
  timeouts: Pick<
    HarnessConfig['timeouts'],
    'requestMs' | 'messageMs' | 'handshakeMs' | 'scenarioMs' | 'runMs'
  >;
  names: Record<string, string>;
  actors: { agent: Credential[]; admin: Credential[]; norole: Credential[] };
  concurrency: number;
  /** Record Allure steps inside each test. */
  allure: boolean;
  /** Literal secrets scrubbed from what Allure records. */
  secrets: string[];
  /** Bound on each scenario's cleanup (default `CLEANUP_BUDGET_MS`); 0 leaves everything in place. */
  cleanupMs?: number;
}

/** The environment variable naming the plan file for the conformance test file. */
export const PLAN_ENV = 'INTERACTIONS_CONFORMANCE_PLAN';
