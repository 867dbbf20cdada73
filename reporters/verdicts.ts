import type {
  Profile,
  Requirement,
  RequirementResult,
  RequirementVerdict,
  ScenarioResult,
} from '../src/model/index.js';

/**
 * What one scenario says about one requirement.
 * `error` and `skipped` say nothing: a harness error is not a pass, so it leaves the requirement not-run.
 */
type Evidence = 'pass' | 'fail' | 'not-applicable' | 'none';

function covers(scenario: ScenarioResult, id: string): boolean {
  return scenario.requirements.includes(id) || scenario.steps.some((s) => s.requirements.includes(id));
}

function evidence(scenario: ScenarioResult, id: string): Evidence {
  if (scenario.outcome === 'not-applicable') return 'not-applicable';
  // A step whose `when` did not hold (the target read an open point otherwise) says nothing.
  const relevant = scenario.steps.filter(
    (s) => s.requirements.includes(id) && s.outcome !== 'not-applicable',
  );
  if (relevant.some((s) => s.outcome === 'failed')) return 'fail';
  const listed = scenario.requirements.includes(id);
  // A failure that no step owns (unexpected messages left over, scenario timeout) counts against
  // every requirement the scenario lists.
  const scenarioLevelFailure =
    scenario.outcome === 'failed' && !scenario.steps.some((s) => s.outcome === 'failed');
  if (listed && scenarioLevelFailure) return 'fail';
  if (relevant.length === 0) return scenario.outcome === 'passed' ? 'pass' : 'none';
  // A scenario that ended badly with no step to blame (an error outside the steps) proves nothing.
  const blamed = scenario.steps.some((s) => s.outcome === 'failed' || s.outcome === 'error');
  if (listed && scenario.outcome !== 'passed' && !blamed) return 'none';
  return relevant.every((s) => s.outcome === 'passed') ? 'pass' : 'none';
}

function combine(all: Evidence[], claimed: boolean): RequirementVerdict {
  if (!claimed) return 'not-applicable';
  if (all.includes('fail')) return 'fail';
  if (all.length > 0 && all.every((e) => e === 'not-applicable')) return 'not-applicable';
  const applicable = all.filter((e) => e !== 'not-applicable');
  if (applicable.length > 0 && applicable.every((e) => e === 'pass')) return 'pass';
  return 'not-run';
}

/**
 * One verdict per catalogue requirement:
 * - fail: a step naming it failed, or a scenario listing it failed outside any step;
 * - pass: covered, and every applicable scenario covering it passed it;
 * - not-applicable: its profile is not claimed, or every scenario covering it was not applicable;
 * - not-run: everything else (not covered, filtered out, skipped, or ended in a harness error).
 */
export function requirementResults(
  catalogue: Requirement[],
  scenarios: ScenarioResult[],
  claimed: Profile[],
): RequirementResult[] {
  return catalogue.map((req) => {
    const covering = scenarios.filter((s) => covers(s, req.id));
    const verdict = combine(
      covering.map((s) => evidence(s, req.id)),
      claimed.includes(req.profile),
    );
    return {
      id: req.id,
      level: req.level,
      basis: req.basis,
      profile: req.profile,
      operation: req.operation,
      statement: req.statement,
      verdict,
      scenarios: covering.map((s) => s.scenarioId),
    };
  });
}
