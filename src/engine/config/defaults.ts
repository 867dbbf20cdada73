import { PROFILES } from '../../model/index.js';
import type { Credential, HarnessConfig } from './types.js';

const cred = (username: string): Credential => ({ username, password: `${username}-pass`, userId: username });

/** The built-in defaults: the embedded reference server and its fixture users (fixtures/users.yaml). */
export function defaultConfig(): HarnessConfig {
  return {
    target: { embedded: { csrf: false, faults: [] } },
    actors: {
      agents: Array.from({ length: 24 }, (_, i) => cred(`agent${String(i + 1).padStart(2, '0')}`)),
      admins: [cred('admin')],
      norole: [cred('norole')],
    },
    provisioner: { kind: 'http', prefix: '/control/v1' },
    // A remote target's: loadConfig shortens messageMs and quietMs for a loopback one, unless the
    // file sets them.
    timeouts: {
      requestMs: 10_000,
      messageMs: 5_000,
      handshakeMs: 10_000,
      scenarioMs: 60_000,
      quietMs: 500,
      settleMs: 5_000,
      runMs: 1_800_000,
    },
    dialect: 'envelope',
    notifications: { transport: 'long-polling' },
    profiles: [...PROFILES],
    names: { queue: 'support', otherQueue: 'sales', workbin: 'followup', otherWorkbin: 'pending' },
    suites: ['suites'],
    filters: { tags: [], profiles: [], requirements: [], scenarios: [] },
    bail: false,
    reports: { formats: ['json', 'html', 'junit', 'markdown', 'allure'], failOn: ['MUST'] },
  };
}
