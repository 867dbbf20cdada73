import type { DeclaredReadings, ReadingPoint, ReadingResult, ScenarioResult } from '../src/model/index.js';

/**
 * One entry per point of the reading catalogue: the options the scenarios observed (with the
 * scenarios that showed each) and, when readings were declared, whether they are the declared ones.
 */
export function readingResults(
  points: ReadingPoint[],
  scenarios: ScenarioResult[],
  declared?: DeclaredReadings,
): ReadingResult[] {
  return points.map((point) => {
    const byOption = new Map<string, Set<string>>();
    for (const s of scenarios)
      for (const step of s.steps)
        for (const r of step.readings ?? [])
          if (r.point === point.id) {
            const set = byOption.get(r.option) ?? new Set<string>();
            set.add(s.scenarioId);
            byOption.set(r.option, set);
          }
    // Catalogue order, so reports list options the same way every time.
    const observed = point.options
      .filter((o) => byOption.has(o.name))
      .map((o) => ({ option: o.name, scenarios: [...(byOption.get(o.name) ?? [])].sort() }));
    const expected = declared?.[point.id];
    const result: ReadingResult = {
      point: point.id,
      question: point.question,
      observed,
      status: 'not-observed',
    };
    if (point.errata) result.errata = point.errata;
    if (expected) result.declared = expected;
    if (observed.length > 0) {
      if (!expected) result.status = 'observed';
      else result.status = observed.every((o) => expected.includes(o.option)) ? 'as-declared' : 'differs';
    }
    return result;
  });
}
