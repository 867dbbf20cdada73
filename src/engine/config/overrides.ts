import { resolve } from 'node:path';
import { FAIL_ON_HELP, parseFailOn } from '../../../reporters/verdict.js';
import { PROFILES, type Profile } from '../../model/index.js';
import type { LoadProblem } from '../load/problem.js';
import { CONFIG_ENV, type ConfigFlags, type HarnessConfig } from './types.js';

type Origin = string;
const FORMATS = ['json', 'html', 'junit', 'markdown', 'allure'] as const;

function problem(origin: Origin, message: string, expected: string): LoadProblem {
  return { code: 'IC_E_CONFIG_VALUE', file: origin, line: 0, col: 0, message, rule: 'override', expected };
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The names when all are profiles; otherwise a problem naming the unknown ones, and undefined. */
function checkProfiles(names: string[], origin: Origin, problems: LoadProblem[]): Profile[] | undefined {
  const unknown = names.filter((p) => !(PROFILES as readonly string[]).includes(p));
  if (unknown.length === 0) return names as Profile[];
  problems.push(
    problem(
      origin,
      `unknown profile ${unknown.map((u) => `"${u}"`).join(', ')}`,
      `some of ${PROFILES.join(', ')}`,
    ),
  );
  return undefined;
}

/** Values shared by the environment and the flags, checked the same way. */
interface Common {
  target?: string | undefined;
  cometdUrl?: string | undefined;
  dialect?: string | undefined;
  strictness?: string | undefined;
  readings?: string | undefined;
  profiles?: string[] | undefined;
  concurrency?: number | string | undefined;
  reportDir?: string | undefined;
}

function applyCommon(
  config: HarnessConfig,
  values: Common,
  origin: (key: keyof Common) => Origin,
  problems: LoadProblem[],
): void {
  if (values.target !== undefined) {
    if (/^https?:\/\/[^/]/.test(values.target)) {
      config.target.baseUrl = values.target.replace(/\/+$/, '');
      config.target.baseUrlFrom = origin('target');
    } else
      problems.push(
        problem(
          origin('target'),
          `"${values.target}" is not an http(s) URL`,
          'the API base, e.g. http://host:8090/api/v2',
        ),
      );
  }
  if (values.cometdUrl !== undefined) config.target.cometdUrl = values.cometdUrl;
  if (values.dialect !== undefined) {
    if (values.dialect === 'envelope' || values.dialect === 'flat') config.dialect = values.dialect;
    else problems.push(problem(origin('dialect'), `unknown dialect "${values.dialect}"`, 'envelope or flat'));
  }
  if (values.strictness !== undefined) {
    // Deprecated: strict declares the reference server's readings, lenient declares none.
    if (values.strictness === 'strict') config.readings = 'reference';
    else if (values.strictness === 'lenient') delete config.readings;
    else
      problems.push(
        problem(origin('strictness'), `unknown strictness "${values.strictness}"`, 'strict or lenient'),
      );
  }
  if (values.readings !== undefined && values.readings !== '') {
    config.readings =
      values.readings === 'reference' || values.readings === 'alternate'
        ? values.readings
        : resolve(values.readings);
  }
  if (values.profiles !== undefined) {
    const profiles = checkProfiles(values.profiles, origin('profiles'), problems);
    if (profiles) config.profiles = profiles;
  }
  if (values.concurrency !== undefined) {
    const n = Number(values.concurrency);
    if (Number.isInteger(n) && n >= 1) config.concurrency = n;
    else
      problems.push(
        problem(
          origin('concurrency'),
          `bad concurrency "${values.concurrency}"`,
          'a whole number of at least 1',
        ),
      );
  }
  if (values.reportDir !== undefined) config.reports.dir = resolve(values.reportDir);
}

/** IC_TARGET, IC_COMETD_URL, IC_DIALECT, IC_STRICTNESS, IC_PROFILES, IC_CONCURRENCY, IC_REPORT_DIR. */
export function applyEnv(
  config: HarnessConfig,
  env: Record<string, string | undefined>,
  problems: LoadProblem[],
): void {
  const get = (key: keyof typeof CONFIG_ENV) => {
    const value = env[CONFIG_ENV[key]];
    return value === undefined || value === '' ? undefined : value;
  };
  const profiles = get('profiles');
  applyCommon(
    config,
    {
      target: get('target'),
      cometdUrl: get('cometdUrl'),
      dialect: get('dialect'),
      strictness: get('strictness'),
      readings: get('readings'),
      profiles: profiles === undefined ? undefined : list(profiles),
      concurrency: get('concurrency'),
      reportDir: get('reportDir'),
    },
    (key) => `environment ${CONFIG_ENV[key as keyof typeof CONFIG_ENV]}`,
    problems,
  );
}

const FLAG_NAMES: Record<string, string> = { cometdUrl: 'cometd-url', reportDir: 'report-dir' };

/** Command-line flags: they win over the file and the environment. */
export function applyFlags(config: HarnessConfig, flags: ConfigFlags, problems: LoadProblem[]): void {
  applyCommon(config, flags, (key) => `flag --${FLAG_NAMES[key] ?? key}`, problems);
  if (flags.suites && flags.suites.length > 0) config.suites = flags.suites.map((s) => resolve(s));
  if (flags.tags) config.filters.tags = flags.tags;
  if (flags.requirements) config.filters.requirements = flags.requirements;
  if (flags.scenarios) config.filters.scenarios = flags.scenarios;
  if (flags.filterProfiles) {
    const profiles = checkProfiles(flags.filterProfiles, 'flag --profile', problems);
    if (profiles) config.filters.profiles = profiles;
  }
  if (flags.bail !== undefined) config.bail = flags.bail;
  if (flags.csrf !== undefined) config.target.embedded.csrf = flags.csrf;
  if (flags.faults) config.target.embedded.faults = flags.faults;
  if (flags.baseline !== undefined) config.reports.baseline = resolve(flags.baseline);
  if (flags.writeReadings !== undefined) config.writeReadings = resolve(flags.writeReadings);
  if (flags.formats) {
    const bad = flags.formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
    if (bad.length === 0) config.reports.formats = flags.formats as HarnessConfig['reports']['formats'];
    else
      problems.push(
        problem(
          'flag --reporter',
          `unknown report format ${bad.map((b) => `"${b}"`).join(', ')}`,
          `some of ${FORMATS.join(', ')}`,
        ),
      );
  }
  if (flags.failOn) {
    // Case-insensitive; SHOULD means MUST and SHOULD (reporters/verdict.ts, shared with report merge).
    try {
      config.reports.failOn = parseFailOn(flags.failOn);
    } catch {
      const bad = flags.failOn.filter((f) => !['MUST', 'SHOULD'].includes(f.trim().toUpperCase()));
      problems.push(
        problem(
          'flag --fail-on',
          `unknown level ${bad.map((b) => `"${b}"`).join(', ') || '(none given)'}`,
          FAIL_ON_HELP,
        ),
      );
    }
  }
  if (flags.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(flags.shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    // 0/n is the exclusive scenarios' shard, run when no other shard runs (see shardScenarios).
    if (m && index >= 0 && count >= 1 && index <= count) config.shard = { index, count };
    else
      problems.push(
        problem(
          'flag --shard',
          `bad shard "${flags.shard}"`,
          'i/n with 0 ≤ i ≤ n, e.g. 2/4 (0/n: the exclusive scenarios)',
        ),
      );
  }
}
