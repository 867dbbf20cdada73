import { createHash } from 'node:crypto';
import type { Reporter } from 'vitest/node';
import { readingResults } from '../../../reporters/readings.js';
import { requirementResults } from '../../../reporters/verdicts.js';
import type { DeclaredReadings, RunResult, ScenarioResult, Suite } from '../../model/index.js';
import type { Spec } from '../../spec/index.js';
import type { HarnessConfig } from '../config/types.js';
import { HarnessError } from '../errors.js';
import { CLEANUP_BUDGET_MS } from './cleanup.js';
import type { RunPlan } from './plan.js';
import { preflightOrThrow } from './preflight/index.js';
import {
  checkShardActors,
  notApplicableReason,
  selectScenarios,
  shardActors,
  shardScenarios,
} from './select.js';
import { type PreparedVitestRun, prepareVitestRun } from './vitest-run.js';

export interface RunConformanceOptions {
  config: HarnessConfig;
  suites: Suite[];
  spec: Spec;
  harnessVersion: string;
  /** The readings the target is expected to choose (already checked against the catalogue). */
  declaredReadings?: { source: string; options: DeclaredReadings };
  /** Where Allure results go (`<dir>/allure-results`), when the allure format is asked for. */
  reportDir?: string;
  onResult?: (r: ScenarioResult) => void;
  /** More vitest reporters for the run (progress display). */
  reporters?: Reporter[];
  /** Told the target once it is known (the embedded server's address, for instance). */
  onTarget?: (target: RunResult['target']) => void;
  /** Told each preflight warning (the run goes on); a preflight problem throws `IC_E_PREFLIGHT`. */
  onPreflightWarning?: (text: string) => void;
  /**
   * Starts the embedded target when the config names none. The caller supplies it (the CLI starts
   * the reference server), so the engine never depends on the server: they share only the spec.
   */
  startEmbedded?: (config: HarnessConfig) => Promise<EmbeddedTarget>;
}

/**
 * Agents whose CometD session the run's setup check opens (doctor opens every agent's): a setup
 * mistake (URL, transport) fails them all alike, and 24 sessions cost ~0.1 s of every run's start.
 */
export const PREFLIGHT_COMETD_SAMPLE = 4;

/** A target the run started itself and stops at its end. */
export interface EmbeddedTarget {
  baseUrl: string;
  cometdUrl: string;
  controlUrl?: string | undefined;
  close(): Promise<void>;
}

/** Starts the embedded target when no target is configured, runs the selected scenarios, stops it. */
export async function runConformance(opts: RunConformanceOptions): Promise<RunResult> {
  const { config } = opts;
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const embedded = config.target.baseUrl === undefined;
  if (embedded && !opts.startEmbedded) {
    throw new HarnessError('IC_E_NO_TARGET', 'no target is configured and no embedded server can be started');
  }
  const filtered = selectScenarios(
    opts.suites.flatMap((s) => s.scenarios),
    config.filters,
  );
  const selected = shardScenarios(filtered, config.shard);
  const notApplicable: Record<string, string> = {};
  for (const s of selected) {
    const reason = notApplicableReason(s, config.profiles, config.provisioner.kind);
    if (reason) notApplicable[s.id] = reason;
  }
  // A shard leases only its slice of the agents; refused before any server starts when too small.
  const pool = { agent: config.actors.agents, admin: config.actors.admins, norole: config.actors.norole };
  const actors = shardActors(pool, config.shard);
  checkShardActors(
    selected.filter((s) => notApplicable[s.id] === undefined),
    config.shard,
    pool,
    actors,
  );
  const wantsAllure = config.reports.formats.includes('allure') && opts.reportDir !== undefined;
  // vitest loads while the embedded server starts and the preflight waits on the network.
  const preparing = prepareVitestRun({
    scenarios: selected,
    concurrency: effectiveConcurrency(config),
    bail: config.bail,
    testTimeoutMs: config.timeouts.scenarioMs + 2 * config.timeouts.handshakeMs + CLEANUP_BUDGET_MS + 5_000,
    ...(wantsAllure && opts.reportDir ? { allureReportDir: opts.reportDir } : {}),
    ...(opts.onResult ? { onResult: opts.onResult } : {}),
    ...(opts.reporters ? { reporters: opts.reporters } : {}),
  });
  // Observed here so that a failure while preparing surfaces at `await preparing`, never unhandled.
  preparing.catch(() => {});
  let prepared: PreparedVitestRun | undefined;
  // Started inside the try, so that nothing after it (however it fails) leaves the server listening.
  let server: EmbeddedTarget | undefined;
  try {
    if (embedded) server = await opts.startEmbedded?.(config);
    const baseUrl = (server?.baseUrl ?? config.target.baseUrl ?? '').replace(/\/+$/, '');
    const cometdUrl = server?.cometdUrl ?? config.target.cometdUrl ?? `${baseUrl}/notifications`;
    const provisionerBase = config.provisioner.kind === 'http' ? config.provisioner : undefined;
    const controlUrl =
      server?.controlUrl ??
      `${(provisionerBase?.baseUrl ?? new URL(baseUrl).origin).replace(/\/+$/, '')}${provisionerBase?.prefix ?? ''}`;
    const target = { baseUrl, cometdUrl, embedded };
    opts.onTarget?.(target);
    // Setup mistakes (base URL, passwords, CometD, provisioner) stop the run before any scenario.
    await preflightOrThrow({
      config,
      baseUrl,
      cometdUrl,
      controlUrl,
      scenarios: selected,
      cometdSample: PREFLIGHT_COMETD_SAMPLE,
      ...(opts.onPreflightWarning ? { onWarning: opts.onPreflightWarning } : {}),
    });
    const plan: RunPlan = {
      scenarios: selected,
      notApplicable,
      baseUrl,
      cometdUrl,
      controlUrl,
      provisioner: config.provisioner,
      dialect: config.dialect,
      notifications: config.notifications,
      timeouts: config.timeouts,
      names: config.names,
      actors,
      concurrency: effectiveConcurrency(config),
      allure: wantsAllure,
      secrets: secretsOf(config),
    };
    prepared = await preparing;
    const results = await prepared.run(plan);
    return {
      harnessVersion: opts.harnessVersion,
      startedAt,
      durationMs: Date.now() - started,
      target,
      dialect: config.dialect,
      ...(opts.declaredReadings ? { readingsDeclared: opts.declaredReadings } : {}),
      readings: readingResults(opts.spec.readings, results, opts.declaredReadings?.options),
      profilesClaimed: config.profiles,
      suiteDigest: suiteDigest(opts.suites),
      ...(config.shard
        ? {
            shard: {
              ...config.shard,
              selected: filtered.length,
              exclusive: filtered.filter((s) => s.exclusive).length,
            },
          }
        : {}),
      scenarios: results,
      requirements: requirementResults(opts.spec.requirements, results, config.profiles),
    };
  } finally {
    await (prepared ?? (await preparing.catch(() => undefined)))?.close();
    await server?.close();
  }
}

/**
 * Scenarios at once: the configured number, or by default one per pooled agent (every scenario has
 * at least one agent, so no more can run at once); the pool's leases bound it further.
 */
export function effectiveConcurrency(config: HarnessConfig): number {
  return Math.max(1, config.concurrency ?? config.actors.agents.length);
}

/** sha256 over the suite files' digests, in path order. */
export function suiteDigest(suites: Suite[]): string {
  const hash = createHash('sha256');
  for (const s of [...suites].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)))
    hash.update(s.digest);
  return hash.digest('hex');
}

/** Every configured password: scrubbed from all reports. */
export function secretsOf(config: HarnessConfig): string[] {
  const all = [...config.actors.agents, ...config.actors.admins, ...config.actors.norole];
  return [...new Set(all.map((c) => c.password).filter((p) => p.length > 0))];
}
