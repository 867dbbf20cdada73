import { performance } from 'node:perf_hooks';
import type { BlockedBy, Scenario, ScenarioResult, StepResult } from '../../model/index.js';
import { stepLabel } from '../../model/step-label.js';
import type { Credential } from '../config/types.js';
import { errorCodeOf, HarnessError } from '../errors.js';
import { ActorHttp, type HttpPools } from '../http/index.js';
import { DEFAULT_CHANNEL } from '../kinds/channel.js';
import { kindOf } from '../kinds/registry.js';
import { runStep } from '../kinds/run-step.js';
import {
  isTargetSessionFailure,
  longPollingTransport,
  MessageLog,
  type NotificationSession,
  type NotificationTransport,
} from '../notifications/index.js';
import {
  describeError,
  type LiveActor,
  type ScenarioContext,
  type StepEnv,
  skippedStep,
  transportCheck,
} from '../steps/index.js';
import { HANDSHAKE_REQUIREMENT } from './blame.js';
import { cleanUpScenario } from './cleanup.js';
import { orderCheckResult } from './order-check.js';
import { blockerOf, emptyResult, scenarioOutcome } from './scenario-result.js';

export interface ScenarioRunOptions {
  env: StepEnv;
  cometdUrl: string;
  pools: HttpPools;
  handshakeMs: number;
  /** Bound on the whole scenario; the step running when it expires ends as an error. */
  scenarioMs: number;
  names: Record<string, string>;
  /** How notifications arrive; absent: CometD long-polling on `cometdUrl`. */
  notifications?: NotificationTransport;
  /** Bound on the cleanup after the steps (`CLEANUP_BUDGET_MS` by default); 0 skips the cleanup. */
  cleanupMs?: number;
  /** Told the result as soon as the steps are judged (before the sessions close and the cleanup). */
  onJudged?: (result: ScenarioResult) => void;
  /** Asked before the cleanup: true skips it (the target stopped answering). */
  skipCleanup?: () => boolean;
  /**
   * Aborted when the run is cancelled (--bail): the running step is abandoned and the rest are not
   * run, so that the sessions close and the run can end without waiting for this scenario.
   */
  signal?: AbortSignal;
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
  if (opts.skipCleanup?.()) {
    // Not cleaned up: what the scenario created is reported as possibly left on the target.
    const reason = 'not cleaned up: the target stopped answering (the run was judged blocked)';
    const leftovers = ctx.provisioned.map((id) => ({ id, reason }));
    return leftovers.length > 0 ? { ...result, leftovers } : result;
  }
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
  const sessions: NotificationSession[] = [];
  try {
    const result = await judgeSteps(scenario, ctx, base, opts, sessions);
    opts.onJudged?.(result);
    return result;
  } finally {
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
}

async function judgeSteps(
  scenario: Scenario,
  ctx: ScenarioContext,
  base: ScenarioResult,
  opts: ScenarioRunOptions,
  sessions: NotificationSession[],
): Promise<ScenarioResult> {
  const { log } = ctx;
  // Filled step by step, so that whatever happens later the steps already run stay in the report.
  const steps: StepResult[] = [];
  try {
    const connect = await connectActors(scenario, ctx, opts, sessions);
    if (connect.refused.length > 0) {
      // The target refused a cookie handshake: a verdict on the scenario's requirements, not a setup problem.
      const refusal = cookieRefusal(scenario, connect.refused);
      return finish(base, ctx, [refusal], 'failed', stepReason(refusal));
    }
    if (connect.harness.length > 0)
      return finish(
        base,
        ctx,
        [],
        'error',
        connect.harness.map((p) => p.text).join('; '),
        connect.harness[0]?.code,
      );
    if (connect.target.length > 0) {
      // The target's CometD failed the handshake: the requirement about it fails, the scenario's own
      // requirements are blocked by it (docs/blame.md).
      const step = connectStep(connect.target.map((p) => p.text).join('; '), ctx, scenario);
      const blockedBy = blockerOf(scenario.id, step);
      const skipped = scenario.steps.map((st, i) => ({
        ...skippedStep(st, i, ctx, `blocked: ${stepReason(step)}`),
        blockedBy,
      }));
      return finish(base, ctx, [step, ...skipped], 'failed', stepReason(step));
    }
    await runSteps(scenario, ctx, opts, steps);
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
    const errorCode = outcome === 'error' ? steps.find((s) => s.outcome === 'error')?.errorCode : undefined;
    return finish(base, ctx, steps, outcome, reason, errorCode);
  } catch (err) {
    return finish(
      base,
      ctx,
      steps,
      'error',
      `harness error: ${describeError(err)}`,
      errorCodeOf(err) ?? 'IC_E_INTERNAL',
    );
  }
}

/** `${target.baseUrl}` and `${target.cometdUrl}`: the run's resolved URLs, without a trailing slash. */
function targetVars(opts: ScenarioRunOptions): { baseUrl: string; cometdUrl: string } {
  return {
    baseUrl: opts.env.baseUrl.replace(/\/+$/, ''),
    cometdUrl: opts.cometdUrl.replace(/\/+$/, ''),
  };
}

/** The step that stands for opening the sessions, when the target's CometD failed it. */
function connectStep(reason: string, ctx: ScenarioContext, scenario: Scenario): StepResult {
  return {
    index: -1,
    kind: 'connect',
    title: "open the actors' CometD sessions",
    // Opening the sessions belongs to the scenario as a whole: it is placed where the scenario is.
    pos: scenario.pos,
    outcome: 'failed',
    requirements: [HANDSHAKE_REQUIREMENT],
    checks: [transportCheck(reason, 'cometd-handshake')],
    startedAtMs: 0,
    durationMs: performance.now() - ctx.startedAt,
    reason,
  };
}

interface ConnectProblem {
  text: string;
  code: string;
}

/** Connection problems: the target's (a CometD handshake or subscription failed) or the harness's. */
interface ConnectProblems {
  target: ConnectProblem[];
  harness: ConnectProblem[];
  /** Cookie handshakes the target refused: actor name and the reason. */
  refused: Array<{ actor: string; reason: string }>;
}

async function connectActors(
  scenario: Scenario,
  ctx: ScenarioContext,
  opts: ScenarioRunOptions,
  sessions: NotificationSession[],
): Promise<ConnectProblems> {
  const transport =
    opts.notifications ?? longPollingTransport({ url: opts.cometdUrl, handshakeMs: opts.handshakeMs });
  const refused: ConnectProblems['refused'] = [];
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
          await transport.open(actor, channels, ctx.log.recorderFor(spec.name), {
            onEvent: ctx.log.eventsFor(spec.name),
            ...(bySession ? { auth: 'session' as const } : {}),
          }),
        );
        return undefined;
      } catch (err) {
        const text = `CometD session of ${spec.name} (${actor.username}${bySession ? ', by its session cookie alone' : ''}): ${describeError(err)}`;
        const code = errorCodeOf(err) ?? 'IC_E_SESSION_SETUP';
        if (bySession && code === 'IC_E_COMETD_HANDSHAKE_REFUSED') {
          refused.push({ actor: spec.name, reason: text });
          return undefined;
        }
        return { text, code };
      }
    });
  const problems = (await Promise.all(connecting)).filter((e) => e !== undefined);
  return {
    target: problems.filter((p) => isTargetSessionFailure(p.code)),
    harness: problems.filter((p) => !isTargetSessionFailure(p.code)),
    refused,
  };
}

/** `GET <base>/me/interactions` with the actor's Basic credentials: its answer sets the session cookie. */
async function primeSessionCookie(actor: LiveActor, opts: ScenarioRunOptions): Promise<void> {
  const url = `${opts.env.baseUrl.replace(/\/+$/, '')}/me/interactions`;
  const outcome = await actor.http.send({ method: 'GET', url, auth: 'actor', timeoutMs: opts.env.requestMs });
  const status = outcome.exchange.response?.status;
  // Each is the target's: it did not answer, refused the actor, or set no cookie (IX-AUTH-03).
  const fail = (text: string) => new HarnessError('IC_E_COMETD_SESSION_COOKIE', `GET ${url}${text}`);
  if (status === undefined) throw fail(`: ${outcome.exchange.error ?? 'no response'}`);
  if (status >= 300) throw fail(` answered HTTP ${status}, so the actor has no session to hand over`);
  if (!actor.http.jar.header()) throw fail(' set no session cookie to handshake with');
}

/** The refused cookie handshakes as one failed result, standing for the scenario's requirements. */
function cookieRefusal(scenario: Scenario, refused: ConnectProblems['refused']): StepResult {
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
    const listens = kindOf(step.kind).listensTo?.(step);
    if (listens?.actor === actor) channels.add(listens.channel);
  }
  return [...channels];
}

/** Why a step was not run, or not run to its end: the run was cancelled. */
export const CANCELLED = 'not run: the run was cancelled (--bail stopped it at the first failure)';

async function runSteps(
  scenario: Scenario,
  ctx: ScenarioContext,
  opts: Pick<ScenarioRunOptions, 'scenarioMs' | 'signal'>,
  results: StepResult[],
): Promise<void> {
  const { scenarioMs, signal } = opts;
  const deadline = ctx.startedAt + scenarioMs;
  let stop: { reason: string; blockedBy?: BlockedBy } | undefined;
  for (const [index, step] of scenario.steps.entries()) {
    if (!stop && signal?.aborted) stop = { reason: CANCELLED };
    if (stop) {
      const skipped = skippedStep(step, index, ctx, stop.reason);
      results.push(stop.blockedBy ? { ...skipped, blockedBy: stop.blockedBy } : skipped);
      continue;
    }
    const remaining = deadline - performance.now();
    // A step that throws (a harness bug, not the target) ends as this step's error; the earlier
    // results stay and the later steps are skipped, like after any error.
    const result = await raceDeadline(runStep(step, index, ctx), remaining, signal).catch(
      (err: unknown): StepResult => ({
        ...skippedStep(step, index, ctx, ''),
        outcome: 'error',
        reason: `harness error: ${describeError(err)}`,
        errorCode: errorCodeOf(err) ?? 'IC_E_INTERNAL',
      }),
    );
    if (result === undefined && signal?.aborted) {
      results.push(skippedStep(step, index, ctx, CANCELLED));
      stop = { reason: CANCELLED };
      continue;
    }
    const settled = result ?? deadlineStep(skippedStep(step, index, ctx, ''), scenarioMs, ctx);
    results.push(settled);
    // A failed step that was to capture a value leaves it unset: the steps after it depend on it.
    if (stopsScenario(settled) || (settled.outcome === 'failed' && step.capture !== undefined)) {
      stop = {
        reason: `skipped: step ${index + 1} (${step.title}) ${settled.outcome === 'failed' ? 'failed' : 'errored'}`,
        blockedBy: blockerOf(scenario.id, settled),
      };
    }
  }
}

/**
 * An error stops the scenario, and so does a failed step unless every failing check is independent
 * (a content type, a notification lost with its session): the steps after those do not depend on them.
 */
function stopsScenario(step: StepResult): boolean {
  if (step.outcome === 'error') return true;
  if (step.outcome !== 'failed') return false;
  return step.checks.some((c) => !c.passed && !c.independent);
}

/** The step running when the scenario's bound expired: the target was too slow overall. */
function deadlineStep(step: StepResult, scenarioMs: number, ctx: ScenarioContext): StepResult {
  const reason = `deadline: the scenario did not finish within timeouts.scenario (${scenarioMs} ms); this step was still waiting for the target`;
  return {
    ...step,
    outcome: 'failed',
    checks: [{ ...transportCheck(reason, 'timeout'), name: 'deadline' }],
    startedAtMs: step.startedAtMs,
    durationMs: performance.now() - ctx.startedAt - step.startedAtMs,
    reason,
  };
}

function raceDeadline<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      resolve(undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    work.then(
      (v) => {
        settle();
        resolve(v);
      },
      (err: unknown) => {
        settle();
        reject(err);
      },
    );
  });
}

/** One line: which step, what went wrong, which requirements it stands for. */
export function stepReason(step: StepResult): string {
  const origin = step.origin ? `, from ${step.origin.file}:${step.origin.line}:${step.origin.col}` : '';
  const where = `${step.pos.file}:${step.pos.line}:${step.pos.col}${origin}`;
  const reqs = step.requirements.length > 0 ? ` [${step.requirements.join(', ')}]` : '';
  return `${stepLabel(step.index)} "${step.title}" (${where}) ${step.outcome}${reqs}: ${step.reason ?? 'no reason recorded'}`;
}

function finish(
  base: ScenarioResult,
  ctx: ScenarioContext,
  steps: StepResult[],
  outcome: ScenarioResult['outcome'],
  reason: string | undefined,
  errorCode?: string,
): ScenarioResult {
  return {
    ...base,
    outcome,
    ...(reason === undefined ? {} : { reason }),
    ...(errorCode === undefined ? {} : { errorCode }),
    durationMs: performance.now() - ctx.startedAt,
    steps,
    messages: ctx.log.received(),
    ...(ctx.log.events().length > 0 ? { events: ctx.log.events() } : {}),
  };
}
