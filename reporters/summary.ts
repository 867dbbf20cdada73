import type { Profile, RequirementResult, RequirementVerdict, RunResult } from '../src/model/index.js';
import { PROFILES } from '../src/model/index.js';
import { stepLabel } from '../src/model/step-label.js';
import { computeVerdict, type GateVerdict, type Verdict } from './verdict.js';

export type VerdictCounts = Record<RequirementVerdict, number>;

/** fail: some requirement failed; incomplete: none failed but some did not run; pass: all passed. */
export type ProfileVerdict = 'pass' | 'fail' | 'incomplete' | 'not-applicable';

export interface ProfileSummary {
  profile: Profile;
  claimed: boolean;
  verdict: ProfileVerdict;
  counts: VerdictCounts;
}

export interface RunSummary {
  /** The gate verdict (reporters/verdict.ts), the same one the exit code comes from. */
  verdict: GateVerdict;
  counts: VerdictCounts;
  profiles: ProfileSummary[];
  scenarios: Record<'passed' | 'failed' | 'error' | 'skipped' | 'not-applicable', number>;
}

export function countVerdicts(requirements: RequirementResult[]): VerdictCounts {
  const counts: VerdictCounts = { pass: 0, fail: 0, 'not-applicable': 0, 'not-run': 0, blocked: 0 };
  for (const r of requirements) counts[r.verdict] += 1;
  return counts;
}

function profileVerdict(claimed: boolean, counts: VerdictCounts): ProfileVerdict {
  if (!claimed) return 'not-applicable';
  if (counts.fail > 0) return 'fail';
  if (counts['not-run'] > 0 || counts.blocked > 0 || counts.pass === 0) return 'incomplete';
  return 'pass';
}

/**
 * The figures every human-facing format shows (one place, so the formats agree). The verdict is the
 * gate's: pass the one computed for the run; absent, it is computed with the defaults (MUST).
 */
export function summarise(run: RunResult, gate: Verdict = computeVerdict(run)): RunSummary {
  const profiles = PROFILES.map((profile) => {
    const claimed = run.profilesClaimed.includes(profile);
    const counts = countVerdicts(run.requirements.filter((r) => r.profile === profile));
    return { profile, claimed, verdict: profileVerdict(claimed, counts), counts };
  });
  const counts = countVerdicts(run.requirements);
  const scenarios = { passed: 0, failed: 0, error: 0, skipped: 0, 'not-applicable': 0 };
  for (const s of run.scenarios) scenarios[s.outcome] += 1;
  return { verdict: gate.verdict, counts, profiles, scenarios };
}

/** The reason a failing requirement failed: the first failed step naming it, else its scenario's. */
export function failureReasons(run: RunResult, id: string): Array<{ scenarioId: string; reason: string }> {
  const out: Array<{ scenarioId: string; reason: string }> = [];
  for (const s of run.scenarios) {
    if (s.outcome !== 'failed') continue;
    // The step whose failing check stands for the requirement (its own, or one naming it).
    const step = s.steps.find(
      (st) =>
        st.outcome === 'failed' &&
        st.checks.some(
          (c) =>
            !c.passed && (c.requirement !== undefined ? c.requirement === id : st.requirements.includes(id)),
        ),
    );
    if (step) {
      const named = step.checks.find((c) => !c.passed && c.requirement === id);
      out.push({
        scenarioId: s.scenarioId,
        reason: `${stepLabel(step.index)} "${step.title}": ${named?.message ?? step.reason ?? 'failed'}`,
      });
    } else if (s.requirements.includes(id) && !s.steps.some((st) => st.outcome === 'failed'))
      out.push({ scenarioId: s.scenarioId, reason: s.reason ?? 'failed' });
  }
  return out;
}
