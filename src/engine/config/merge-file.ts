import { dirname, resolve } from 'node:path';
import type { Dialect, Level, Profile } from '../../model/index.js';
import { parseDuration } from '../load/duration.js';
import type { NotificationTransportName } from '../notifications/transport.js';
import type { Credential, HarnessConfig, ProvisionerConfig } from './types.js';

type Obj = Record<string, unknown>;

function credentials(list: unknown): Credential[] {
  return (list as Obj[]).map((c) => ({
    username: String(c.username),
    password: String(c.password),
    userId: typeof c.userId === 'string' ? c.userId : String(c.username),
  }));
}

function ms(value: unknown, fallback: number): number {
  return value === undefined ? fallback : (parseDuration(value) ?? fallback);
}

/** Lays a schema-valid file value over the defaults; suite paths are resolved against the file's folder. */
export function mergeFile(base: HarnessConfig, raw: Obj, file: string): HarnessConfig {
  const config: HarnessConfig = structuredClone(base);
  config.file = file;
  const target = raw.target as Obj | undefined;
  if (target) {
    if (typeof target.baseUrl === 'string') {
      config.target.baseUrl = target.baseUrl.replace(/\/+$/, '');
      config.target.baseUrlFrom = `target.baseUrl in ${file}`;
    }
    if (typeof target.cometdUrl === 'string') config.target.cometdUrl = target.cometdUrl;
    const embedded = target.embedded as Obj | undefined;
    if (typeof embedded?.csrf === 'boolean') config.target.embedded.csrf = embedded.csrf;
    if (Array.isArray(embedded?.faults)) config.target.embedded.faults = embedded.faults.map(String);
    const readings = embedded?.readings;
    if (readings === 'reference' || readings === 'alternate') config.target.embedded.readings = readings;
    else if (typeof readings === 'object' && readings !== null)
      config.target.embedded.readings = Object.fromEntries(
        Object.entries(readings as Obj).map(([point, option]) => [point, String(option)]),
      );
  }
  const actors = raw.actors as Obj | undefined;
  if (actors?.agents) config.actors.agents = credentials(actors.agents);
  if (actors?.admins) config.actors.admins = credentials(actors.admins);
  if (actors?.norole) config.actors.norole = credentials(actors.norole);
  if (raw.provisioner) config.provisioner = raw.provisioner as ProvisionerConfig;
  const t = raw.timeouts as Obj | undefined;
  if (t) {
    config.timeouts = {
      requestMs: ms(t.request, config.timeouts.requestMs),
      messageMs: ms(t.message, config.timeouts.messageMs),
      handshakeMs: ms(t.handshake, config.timeouts.handshakeMs),
      scenarioMs: ms(t.scenario, config.timeouts.scenarioMs),
      quietMs: ms(t.quiet, config.timeouts.quietMs),
      settleMs: ms(t.settle, config.timeouts.settleMs),
      runMs: ms(t.run, config.timeouts.runMs),
    };
  }
  if (raw.dialect) config.dialect = raw.dialect as Dialect;
  const notifications = raw.notifications as Obj | undefined;
  if (typeof notifications?.transport === 'string')
    config.notifications = { transport: notifications.transport as NotificationTransportName };
  // `strictness` predates readings: strict meant the reference server's choices, lenient accepted more.
  if (raw.strictness === 'strict') config.readings = 'reference';
  if (typeof raw.readings === 'string')
    config.readings =
      raw.readings === 'reference' || raw.readings === 'alternate'
        ? raw.readings
        : resolve(dirname(file), raw.readings);
  if (raw.profiles) config.profiles = raw.profiles as Profile[];
  if (raw.names) config.names = raw.names as Record<string, string>;
  if (raw.suites) config.suites = (raw.suites as string[]).map((s) => resolve(dirname(file), s));
  else config.suites = config.suites.map((s) => resolve(dirname(file), s));
  if (typeof raw.concurrency === 'number') config.concurrency = raw.concurrency;
  if (typeof raw.bail === 'boolean') config.bail = raw.bail;
  const reports = raw.reports as Obj | undefined;
  if (reports) {
    if (typeof reports.dir === 'string') config.reports.dir = resolve(dirname(file), reports.dir);
    if (reports.formats) config.reports.formats = reports.formats as HarnessConfig['reports']['formats'];
    if (reports.failOn) config.reports.failOn = reports.failOn as Level[];
    if (typeof reports.baseline === 'string')
      config.reports.baseline = resolve(dirname(file), reports.baseline);
  }
  return config;
}
