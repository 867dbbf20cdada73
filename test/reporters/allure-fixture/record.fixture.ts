// Run by allure.test.ts through its own vitest instance (not part of the main test run).
import { test } from 'vitest';
import { recordAllure } from '../../../reporters/allure.js';
import { outcomeError } from '../../../reporters/allure-status.js';
import type { Scenario, ScenarioResult } from '../../../src/model/index.js';
import { makeScenarios, SECRETS } from '../fixtures.js';

function scenarioOf(r: ScenarioResult): Scenario {
  return {
    id: r.scenarioId,
    title: r.title,
    file: r.file,
    pos: r.pos,
    requirements: r.requirements,
    profile: r.profile,
    tags: r.tags,
    actors: [],
    exclusive: false,
    noUnexpectedMessages: false,
    steps: [],
  };
}

for (const result of makeScenarios()) {
  test(result.scenarioId, async () => {
    await recordAllure(scenarioOf(result), result, [SECRETS.password]);
    // As the conformance test does: the target's failure fails, a harness error breaks.
    const error = outcomeError(result);
    if (error) throw error;
  });
}
