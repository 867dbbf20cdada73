import {
  attachment,
  ContentType,
  description,
  feature,
  label,
  link,
  logStep,
  Status,
  step,
  suite,
  tags,
} from 'allure-js-commons';
import type { Scenario, ScenarioResult, StepResult } from '../src/model/index.js';
import { redactScenario } from './redact.js';

/** Thrown inside an Allure step so that it ends failed (an assertion) rather than broken (an error). */
class StepAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

async function attachStep(st: StepResult): Promise<void> {
  if (st.exchange) {
    await attachment('request', json(st.exchange.request), ContentType.JSON);
    if (st.exchange.response) await attachment('response', json(st.exchange.response), ContentType.JSON);
    if (st.exchange.error) await attachment('transport error', st.exchange.error, ContentType.TEXT);
  }
  // A together step: its exchanges, in the order of its requests.
  if (st.exchanges?.length) await attachment('exchanges', json(st.exchanges), ContentType.JSON);
  if (st.messages?.length) await attachment('CometD messages', json(st.messages), ContentType.JSON);
  const failed = st.checks.filter((c) => !c.passed);
  if (failed.length) await attachment('failed checks', json(failed), ContentType.JSON);
}

async function recordStep(st: StepResult): Promise<void> {
  const name = `${st.index + 1}. ${st.kind}: ${st.title}`;
  if (st.outcome === 'skipped' || st.outcome === 'not-applicable') {
    await logStep(name, Status.SKIPPED);
    return;
  }
  try {
    await step(name, async () => {
      await attachStep(st);
      const why = `${st.requirements.join(', ')}: ${st.reason ?? st.outcome}`;
      if (st.outcome === 'failed') throw new StepAssertionError(why);
      if (st.outcome === 'error') throw new Error(why);
    });
  } catch {
    // The step's status is recorded; the test's own outcome is the runner's business.
  }
}

/**
 * Records one scenario's result in the current vitest test for Allure: requirement ids as labels
 * and `requirement:<id>` links, the profile as feature, the suite file as suite, tags, and one
 * step per StepResult with its (redacted) request, response and messages attached.
 * Must be called inside the test, with allure-vitest's setup file loaded.
 */
export async function recordAllure(
  scenario: Scenario,
  result: ScenarioResult,
  secrets: string[] = [],
): Promise<void> {
  const safe = redactScenario(result, secrets);
  const ids = [
    ...new Set([
      ...scenario.requirements,
      ...safe.requirements,
      ...safe.steps.flatMap((s) => s.requirements),
    ]),
  ];
  for (const id of ids) {
    await label('requirement', id);
    await link(`requirement:${id}`, id, 'requirement');
  }
  await feature(scenario.profile);
  await suite(scenario.file);
  await label('scenario', scenario.id);
  if (scenario.tags.length) await tags(...scenario.tags);
  await description(
    `${scenario.title}\n\n${scenario.file}:${scenario.pos.line}:${scenario.pos.col}${safe.reason ? `\n\n${safe.reason}` : ''}`,
  );
  for (const st of safe.steps) await recordStep(st);
}
