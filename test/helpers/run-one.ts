import type { Credential } from '../../src/engine/config/types.js';
import { HttpPools } from '../../src/engine/http/index.js';
import type { NotificationTransport } from '../../src/engine/notifications/index.js';
import { runScenario } from '../../src/engine/run/scenario-runner.js';
import type { Provisioner, VariantValidator } from '../../src/engine/steps/index.js';
import type { Dialect, Scenario, ScenarioResult } from '../../src/model/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { type FakeTarget, PASSWORD } from './fake-target.js';

/**
 * A validator for engine tests: each variant is a predicate on the body. The real spec is tested
 * with its own suite; here the point is that the engine records what the validator says.
 */
export const testValidator: VariantValidator = {
  validate(variant, body) {
    const rule = TEST_VARIANTS[variant];
    if (!rule)
      return { ok: false, issues: [{ pointer: '', rule: 'variant', message: `unknown variant ${variant}` }] };
    return rule(body)
      ? { ok: true }
      : { ok: false, issues: [{ pointer: '', rule: variant, message: 'does not fit' }] };
  },
  hasVariant: (name) => name in TEST_VARIANTS,
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const TEST_VARIANTS: Record<string, (body: unknown) => boolean> = {
  'Complete.success': (b) => isObj(b) && b.statusCode === 0 && Object.keys(b).length === 1,
  'Accept.success': (b) => isObj(b) && b.status === 'ok' && Object.keys(b).length === 1,
  'Accept.failure': (b) => isObj(b) && b.status === 'error',
  'Notification.StatusChange': (m) =>
    isObj(m) && isObj(m.data) && typeof m.data.notificationType === 'string',
  'Notification.PropertiesUpdated': (m) => isObj(m) && isObj(m.data),
};

export const noProvisioner: Provisioner = {
  kind: 'none',
  reset: async () => {
    throw new Error('none');
  },
  create: async () => {
    throw new Error('none');
  },
};

export function credentials(...users: string[]): Map<string, Credential> {
  return new Map(
    users.map((u, i) => [['alice', 'bob', 'carol'][i] ?? u, { username: u, password: PASSWORD, userId: u }]),
  );
}

export interface RunOneOptions {
  dialect?: Dialect;
  requestMs?: number;
  provisioner?: Provisioner;
  users?: string[];
  baseUrl?: string;
  /** The run's CometD URL; absent: the fake target's own. */
  cometdUrl?: string;
  /** The cleanup's budget; absent: no cleanup (these tests count the requests the steps send). */
  cleanupMs?: number;
  /** The notification transport; absent: CometD long-polling on the fake target. */
  notifications?: NotificationTransport;
  /** The scenario's bound (default 20 s). */
  scenarioMs?: number;
  /** Aborts the scenario (a cancelled run). */
  signal?: AbortSignal;
}

/** Runs one scenario against a fake target with fresh pools, closed afterwards. */
export async function runOne(
  sc: Scenario,
  target: FakeTarget,
  opts: RunOneOptions = {},
): Promise<ScenarioResult> {
  const pools = new HttpPools();
  try {
    return await runScenario(sc, credentials(...(opts.users ?? ['agent01', 'agent02'])), {
      env: {
        baseUrl: opts.baseUrl ?? target.baseUrl,
        dialect: opts.dialect ?? 'envelope',
        readings: new Map(loadSpec().readings.map((p) => [p.id, p])),
        requestMs: opts.requestMs ?? 2000,
        validator: testValidator,
        provisioner: opts.provisioner ?? noProvisioner,
      },
      cometdUrl: opts.cometdUrl ?? target.cometdUrl,
      pools,
      handshakeMs: 3000,
      scenarioMs: opts.scenarioMs ?? 20_000,
      names: { queue: 'support' },
      cleanupMs: opts.cleanupMs ?? 0,
      ...(opts.notifications ? { notifications: opts.notifications } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } finally {
    await pools.close();
  }
}
