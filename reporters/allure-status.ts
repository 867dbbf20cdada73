import type { ScenarioResult } from '../src/model/index.js';

/**
 * Thrown for a scenario the target failed. Its name makes Allure (and any reporter that tells an
 * assertion from a crash) show it as failed, not broken: broken is for the harness's own errors.
 */
export class TargetFailureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

/**
 * What a scenario's test throws: an assertion for the target's failure (Allure `failed`, JUnit
 * `<failure>`), a plain error for a harness error (Allure `broken`, JUnit `<error>`), nothing else.
 */
export function outcomeError(result: ScenarioResult): Error | undefined {
  if (result.outcome === 'failed') return new TargetFailureError(`nonconformant: ${result.reason ?? ''}`);
  if (result.outcome === 'error') return new Error(`harness error: ${result.reason ?? ''}`);
  return undefined;
}
