import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** What a conformance run's vitest configuration needs for Allure results under `<reportDir>/allure-results`. */
export interface AllureVitestConfig {
  /** Add to `test.reporters`. */
  reporter: [string, { resultsDir: string }];
  /** Add to `test.setupFiles` (allure-vitest 3 would add it itself; listing it keeps that explicit). */
  setupFiles: string[];
}

/**
 * The allure-vitest 3 pieces, as its documentation configures them:
 * `reporters: [..., ['allure-vitest/reporter', { resultsDir }]]`, `setupFiles: ['allure-vitest/setup']`.
 * The setup file is resolved to a path so it loads whatever the working directory.
 */
export function allureVitestConfig(reportDir: string): AllureVitestConfig {
  return {
    reporter: ['allure-vitest/reporter', { resultsDir: join(reportDir, 'allure-results') }],
    setupFiles: [require.resolve('allure-vitest/setup')],
  };
}
