import type { Leftover, Scenario, ScenarioResult } from '../../model/index.js';

/**
 * Runs a scenario `repeat` times (each round a whole run: its own sessions, steps and cleanup), so that
 * a race that shows one time in five is still caught. Stops at the first round that does not pass and
 * reports that round, numbered; otherwise the last round, with the count.
 */
export async function runRounds(
  scenario: Scenario,
  runOnce: () => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  const planned = scenario.repeat ?? 1;
  if (planned <= 1) return runOnce();
  const leftovers: Leftover[] = [];
  let durationMs = 0;
  let startedAt: string | undefined;
  for (let round = 1; ; round++) {
    const result = await runOnce();
    startedAt ??= result.startedAt;
    durationMs += result.durationMs;
    leftovers.push(...(result.leftovers ?? []));
    const bad = result.outcome !== 'passed';
    if (bad || round === planned) {
      const rounds = { planned, run: round, ...(bad ? { failed: round } : {}) };
      const { leftovers: _own, ...rest } = result;
      return {
        ...rest,
        startedAt,
        durationMs,
        rounds,
        ...(bad && result.reason !== undefined
          ? { reason: `round ${round} of ${planned}: ${result.reason}` }
          : {}),
        ...(leftovers.length > 0 ? { leftovers } : {}),
      };
    }
  }
}
