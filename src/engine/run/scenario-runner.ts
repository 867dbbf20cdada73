import { performance } from 'node:perf_hooks';
import type { Scenario, ScenarioResult, StepResult } from '../../model/index.js';
import { MessageLog, type NotificationSession, openCometdSession } from '../cometd/index.js';
import type { Credential } from '../config/types.js';
import { ActorHttp, type HttpPools } from '../http/index.js';
import { DEFAULT_CHANNEL } from '../load/build-step.js';
import {
  describeError,
  type LiveActor,
  runStep,
  type ScenarioContext,
  type StepEnv,
  skippedStep,
} from '../steps/index.js';
import { cleanUpScenario } from './cleanup.js';
import { orderCheckResult } from './order-check.js';
import { emptyResult, scenarioOutcome } from './scenario-result.js';

export interface ScenarioRunOptions {
  env: StepEnv;
  cometdUrl: string;
  pools: HttpPools;
  handshakeMs: number;
  /** Bound on the whole scenario; the step running when it expires ends as an error. */
  scenarioMs: number;
  names: Record<string, string>;
  /** Bound on the cleanup after the steps (`CLEANUP_BUDGET_MS` by default); 0 skips the cleanup. */
  cleanupMs?: number;
}

/**
 * Runs one scenario with its leased actors: connect, run the steps in order, check unconsumed
 * messages, disconnect, then end what its agents still hold (the cleanup never changes the verdict).
 */
export async function runScenario(
  scenario: Scenario,
  leased: Map<string, Credential>,
  opts: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const startedIso = new Date().toISOString();
  const log = new MessageLog(opts.env.dialect, startedAt);
  const actors = new Map<string, LiveActor>();
  const vars: Record<string, unknown> = { names: { ...opts.names }, target: targetVars(opts) };
  const csrfPrimeUrl = `${opts.env.baseUrl.replace(/\/+$/, '')}/me/interactions`;
  for (const spec of scenario.actors) {
    const credential = leased.get(spec.name);
    if (!credential)
      return emptyResult(scenario, 'error', `no pooled user was leased for actor "${spec.name}"`);
    const http = new ActorHttp(opts.pools, credential, { csrfPrimeUrl });
    actors.set(spec.name, {
      name: spec.name,
      userId: credential.userId,
      username: credential.username,
      http,
    });
    vars[spec.name] = { userId: credential.userId, username: credential.username };
  }
  const ctx: ScenarioContext = {
    env: opts.env,
    vars,
    actors,
    log,
    startedAt,
    requirements: scenario.requirements,
    observed: new Map(),
    provisioned: [],
    labels: new Map(),
  };
  const base: ScenarioResult = {
    ...emptyResult(scenario, 'passed', ''),
    startedAt: startedIso,
    actors: Object.fromEntries([...actors.values()].map((a) => [a.name, a.userId])),
  };
  delete base.reason;

  // The sessions are closed before the cleanup: it records no message and offers nobody a rejection.
  const result = await judge(scenario, ctx, base, opts);
  if (opts.cleanupMs === 0) return result;
  const agentNames = new Set(scenario.actors.filter((a) => a.role === 'agent').map((a) => a.name));
  const listerSpec = scenario.actors.find((a) => a.role === 'agent' || a.role === 'admin');
  const leftovers = await cleanUpScenario({
    baseUrl: opts.env.baseUrl,
    requestMs: opts.env.requestMs,
    ...(opts.cleanupMs === undefined ? {} : { budgetMs: opts.cleanupMs }),
    agents: [...actors.values()].filter((a) => agentNames.has(a.name)),
    lister: listerSpec ? actors.get(listerSpec.name) : undefined,
    provisioned: ctx.provisioned,
  });
  return leftovers.length > 0 ? { ...result, leftovers } : result;
}

/** Connects, runs the steps and judges them; every session is closed when it returns. */
async function judge(
  scenario: Scenario,
  ctx: ScenarioContext,
  base: ScenarioResult,
  opts: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const { log } = ctx;
  const sessions: NotificationSession[] = [];
  try {
    const connected = await connectActors(scenario, ctx, opts, sessions);
    if (connected.refused.length > 0) {
      // The target refused a cookie handshake: a verdict on the scenario, not a setup problem.
      const refusal = cookieRefusal(scenario, connected.refused);
      return finish(base, ctx, [refusal], 'failed', stepReason(refusal));
    }
    if (connected.errors.length > 0) return finish(base, ctx, [], 'error', connected.errors.join('; '));
    const steps = await runSteps(scenario, ctx, opts.scenarioMs);
    // Applied to every scenario: each actor hears each interaction's changes in their order.
    const disorder = orderCheckResult(log.all(), steps.length, scenario.pos);
    if (disorder) steps.push(disorder);
    const failing = steps.find((s) => s.outcome === 'failed' || s.outcome === 'error');
    let outcome = scenarioOutcome(steps.map((s) => s.outcome));
    let reason = failing ? stepReason(failing) : undefined;
    if (outcome === 'passed' && scenario.noUnexpectedMessages) {
      const left = log.unconsumed();
      if (left.length > 0) {
        outcome = 'failed';
        reason = `${left.length} unexpected message(s) left unconsumed: ${left
          .map(
            (m) => `${m.actor} #${m.seq} at ${Math.round(m.atMs)} ms ${JSON.stringify(m.data).slice(0, 160)}`,
          )
          .join('; ')}`;
      }
    }
    return finish(base, ctx, steps, outcome, reason);
  } catch (err) {
    return finish(base, ctx, [], 'error', `harness error: ${describeError(err)}`);
  } finally {
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
}

/** `${target.baseUrl}` and `${target.cometdUrl}`: the run's resolved URLs, without a trailing slash. */
function targetVars(opts: ScenarioRunOptions): { baseUrl: string; cometdUrl: string } {
  return {
    baseUrl: opts.env.baseUrl.replace(/\/+$/, ''),
    cometdUrl: opts.cometdUrl.replace(/\/+$/, ''),
  };
}

interface Connected {
  errors: string[];
  /** Cookie handshakes the target refused: actor name and the reason. */
  refused: Array<{ actor: string; reason: string }>;
}

async function connectActors(
  scenario: Scenario,
  ctx: ScenarioContext,
  opts: ScenarioRunOptions,
  sessions: NotificationSession[],
): Promise<Connected> {
  const connected: Connected = { errors: [], refused: [] };
  const connecting = scenario.actors
    .filter((spec) => spec.cometd)
    .map(async (spec) => {
      const actor = ctx.actors.get(spec.name) as LiveActor;
      const channels = channelsOf(scenario, spec.name);
      const bySession = spec.cometdAuth === 'session';
      try {
        // The cookie handshake needs a cookie: an authenticated request first, as a client does.
        if (bySession) await primeSessionCookie(actor, opts);
        sessions.push(
          await openCometdSession({
            url: opts.cometdUrl,
            http: actor.http,
            channels,
            handshakeMs: opts.handshakeMs,
            onMessage: ctx.log.recorderFor(spec.name),
            ...(bySession ? { auth: 'session' as const } : {}),
          }),
        );
      } catch (err) {
        const text = `CometD session of ${spec.name} (${actor.username}${bySession ? ', by its session cookie alone' : ''}): ${describeError(err)}`;
        if (bySession && (err as { code?: unknown }).code === 'COMETD_HANDSHAKE_REFUSED')
          connected.refused.push({ actor: spec.name, reason: text });
        else connected.errors.push(text);
      }
    });
  await Promise.all(connecting);
  return connected;
}

/** `GET <base>/me/interactions` with the actor's Basic credentials: its answer sets the session cookie. */
async function primeSessionCookie(actor: LiveActor, opts: ScenarioRunOptions): Promise<void> {
  const url = `${opts.env.baseUrl.replace(/\/+$/, '')}/me/interactions`;
  const outcome = await actor.http.send({ method: 'GET', url, auth: 'actor', timeoutMs: opts.env.requestMs });
  const status = outcome.exchange.response?.status;
  if (status === undefined) throw new Error(`GET ${url}: ${outcome.exchange.error ?? 'no response'}`);
  if (status >= 300)
    throw new Error(`GET ${url} answered HTTP ${status}, so the actor has no session to hand over`);
  if (!actor.http.jar.header()) throw new Error(`GET ${url} set no session cookie to handshake with`);
}

/** The refused cookie handshakes as one failed result, standing for the scenario's requirements. */
function cookieRefusal(scenario: Scenario, refused: Connected['refused']): StepResult {
  const reason = refused.map((r) => r.reason).join('; ');
  return {
    index: 0,
    kind: 'check',
    title: `${refused.map((r) => r.actor).join(', ')} open${refused.length === 1 ? 's' : ''} a CometD session with the session cookie alone`,
    pos: scenario.pos,
    outcome: 'failed',
    requirements: scenario.requirements,
    checks: refused.map((r) => ({
      name: 'cookie handshake',
      passed: false,
      expected: 'a successful /meta/handshake',
      actual: r.reason,
      message: r.reason,
    })),
    startedAtMs: 0,
    durationMs: 0,
    reason,
  };
}

/** The default channel plus any other channel the scenario's message steps name for this actor. */
function channelsOf(scenario: Scenario, actor: string): string[] {
  const channels = new Set([DEFAULT_CHANNEL]);
  for (const step of scenario.steps) {
    if ((step.kind === 'message' || step.kind === 'no-message') && step.actor === actor)
      channels.add(step.channel);
  }
  return [...channels];
}

async function runSteps(scenario: Scenario, ctx: ScenarioContext, scenarioMs: number): Promise<StepResult[]> {
  const deadline = ctx.startedAt + scenarioMs;
  const results: StepResult[] = [];
  let stopReason: string | undefined;
  for (const [index, step] of scenario.steps.entries()) {
    if (stopReason) {
      results.push(skippedStep(step, index, ctx, stopReason));
      continue;
    }
    const remaining = deadline - performance.now();
    const result = await raceDeadline(runStep(step, index, ctx), remaining);
    const settled =
      result ??
      ({
        ...skippedStep(step, index, ctx, ''),
        outcome: 'error',
        reason: `the scenario exceeded its ${scenarioMs} ms bound during this step`,
      } satisfies StepResult);
    results.push(settled);
    if (settled.outcome === 'failed' || settled.outcome === 'error') {
      stopReason = `skipped: step ${index + 1} (${step.title}) ${settled.outcome === 'failed' ? 'failed' : 'errored'}`;
    }
  }
  return results;
}

function raceDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** One line: which step, what went wrong, which requirements it stands for. */
export function stepReason(step: StepResult): string {
  const where = `${step.pos.file}:${step.pos.line}:${step.pos.col}`;
  const reqs = step.requirements.length > 0 ? ` [${step.requirements.join(', ')}]` : '';
  return `step ${step.index + 1} "${step.title}" (${where}) ${step.outcome}${reqs}: ${step.reason ?? 'no reason recorded'}`;
}

function finish(
  base: ScenarioResult,
  ctx: ScenarioContext,
  steps: StepResult[],
  outcome: ScenarioResult['outcome'],
  reason: string | undefined,
): ScenarioResult {
  return {
    ...base,
    outcome,
    ...(reason === undefined ? {} : { reason }),
    durationMs: performance.now() - ctx.startedAt,
    steps,
    messages: ctx.log.received(),
  };
}
