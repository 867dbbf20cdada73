import type {
  BlockedBy,
  CheckResult,
  Profile,
  Requirement,
  RequirementResult,
  RequirementVerdict,
  ScenarioResult,
  StepResult,
} from '../src/model/index.js';
import { stepLabel } from '../src/model/step-label.js';

/** What one scenario says about one requirement, with why when it judged nothing. */
interface Evidence {
  kind: 'pass' | 'fail' | 'not-applicable' | 'blocked' | 'none';
  why?: string;
  blockedBy?: BlockedBy;
}

/** A check stands for the requirement it names, else for its step's requirements. */
function standsFor(check: CheckResult, step: StepResult, id: string): boolean {
  return check.requirement !== undefined ? check.requirement === id : step.requirements.includes(id);
}

/** A step stands for a requirement through its own list or through one of its checks. */
function stepStandsFor(step: StepResult, id: string): boolean {
  return step.requirements.includes(id) || step.checks.some((c) => c.requirement === id);
}

function covers(scenario: ScenarioResult, id: string): boolean {
  return scenario.requirements.includes(id) || scenario.steps.some((s) => stepStandsFor(s, id));
}

/**
 * A failed step fails a requirement through a failing check standing for it; a failed step with no
 * failing check (a hand-made result) stands for its own requirements.
 */
function failsFor(step: StepResult, id: string): boolean {
  if (step.outcome !== 'failed') return false;
  const failing = step.checks.filter((c) => !c.passed);
  return failing.length > 0 ? failing.some((c) => standsFor(c, step, id)) : step.requirements.includes(id);
}

/** A step that ran judged the requirement and found it holds (a step with no checks: by its outcome). */
function passesFor(step: StepResult, id: string): boolean {
  if (step.outcome === 'passed' && step.checks.length === 0) return step.requirements.includes(id);
  return (
    (step.outcome === 'passed' || step.outcome === 'failed') &&
    step.checks.some((c) => c.passed && standsFor(c, step, id))
  );
}

function evidence(scenario: ScenarioResult, id: string): Evidence {
  if (scenario.outcome === 'not-applicable')
    return { kind: 'not-applicable', why: `${scenario.scenarioId}: ${scenario.reason ?? 'not applicable'}` };
  if (scenario.blockedBy) return { kind: 'blocked', blockedBy: scenario.blockedBy };
  // A requirement fails only through a failing check that names it (or stands for it).
  if (scenario.steps.some((s) => failsFor(s, id))) return { kind: 'fail' };
  const listed = scenario.requirements.includes(id);
  // A failure that no step owns (unexpected messages left over) counts against every listed requirement.
  const scenarioLevelFailure =
    scenario.outcome === 'failed' && !scenario.steps.some((s) => s.outcome === 'failed');
  if (listed && scenarioLevelFailure) return { kind: 'fail' };
  if (scenario.outcome === 'error' && scenario.steps.length === 0)
    return {
      kind: 'none',
      why: `harness error in ${scenario.scenarioId}: ${scenario.reason ?? 'no reason'}`,
    };
  if (scenario.outcome === 'skipped' && scenario.steps.length === 0)
    return { kind: 'none', why: `${scenario.scenarioId} was not run: ${scenario.reason ?? 'skipped'}` };

  // A step whose `when` did not hold (the target read an open point otherwise) says nothing.
  const relevant = scenario.steps.filter((s) => stepStandsFor(s, id) && s.outcome !== 'not-applicable');
  const errored = scenario.steps.find((s) => s.outcome === 'error');
  for (const s of relevant.filter((x) => x.outcome === 'skipped')) {
    if (errored)
      return {
        kind: 'none',
        why: `harness error in ${scenario.scenarioId}, step ${errored.index + 1}: ${errored.reason ?? 'error'}`,
      };
    if (s.blockedBy) return { kind: 'blocked', blockedBy: s.blockedBy };
  }
  if (relevant.some((s) => s.outcome === 'error'))
    return { kind: 'none', why: `harness error in ${scenario.scenarioId}: ${errored?.reason ?? 'error'}` };
  if (relevant.some((s) => passesFor(s, id))) return { kind: 'pass' };
  if (relevant.length === 0 && scenario.outcome === 'passed') return { kind: 'pass' };
  return { kind: 'none', why: `${scenario.scenarioId} judged no check of it` };
}

interface Combined {
  verdict: RequirementVerdict;
  why?: string;
  blockedBy?: BlockedBy;
}

function combine(all: Evidence[], claimed: boolean, profile: Profile): Combined {
  if (!claimed) return { verdict: 'not-applicable', why: `the target does not claim the ${profile} profile` };
  if (all.some((e) => e.kind === 'fail')) return { verdict: 'fail' };
  if (all.length > 0 && all.every((e) => e.kind === 'not-applicable'))
    return { verdict: 'not-applicable', why: all[0]?.why ?? 'not applicable' };
  // At least one scenario judged it fully and it passed, and none failed it.
  if (all.some((e) => e.kind === 'pass')) return { verdict: 'pass' };
  const blocked = all.find((e) => e.kind === 'blocked');
  if (blocked?.blockedBy) {
    const b = blocked.blockedBy;
    const by = b.step === undefined ? b.scenario : `${b.scenario} ${stepLabel(b.step)}`;
    const reqs = b.requirements.length > 0 ? ` [${b.requirements.join(', ')}]` : '';
    return { verdict: 'blocked', why: `blocked by ${by}${reqs}: ${b.reason}`, blockedBy: b };
  }
  const none = all.find((e) => e.kind === 'none');
  return {
    verdict: 'not-run',
    why: none?.why ?? (all.length === 0 ? 'no scenario of this run covers it' : 'no scenario judged it'),
  };
}

/**
 * One verdict per catalogue requirement (docs/blame.md):
 * - fail: a failing check names it (a step's checks stand for the step's requirements unless the
 *   check names its own), or a scenario listing it failed outside any step;
 * - pass: no check fails it and a scenario judged it (its checks passed, none was blocked);
 * - blocked: the scenarios covering it stopped before judging it, because a step standing for another
 *   requirement failed (or the run's breaker judged them blocked);
 * - not-applicable: its profile is not claimed, or every scenario covering it was not applicable;
 * - not-run: everything else (not covered, filtered out, or a harness error), with why.
 */
export function requirementResults(
  catalogue: Requirement[],
  scenarios: ScenarioResult[],
  claimed: Profile[],
): RequirementResult[] {
  return catalogue.map((req) => {
    const covering = scenarios.filter((s) => covers(s, req.id));
    const combined = combine(
      covering.map((s) => evidence(s, req.id)),
      claimed.includes(req.profile),
      req.profile,
    );
    return {
      id: req.id,
      level: req.level,
      basis: req.basis,
      profile: req.profile,
      operation: req.operation,
      statement: req.statement,
      verdict: combined.verdict,
      scenarios: covering.map((s) => s.scenarioId),
      ...(combined.why === undefined ? {} : { why: combined.why }),
      ...(combined.blockedBy === undefined ? {} : { blockedBy: combined.blockedBy }),
    };
  });
}
