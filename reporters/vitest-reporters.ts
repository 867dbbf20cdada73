import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Reporter, Vitest } from 'vitest/node';

const require = createRequire(import.meta.url);

/** What a conformance run's vitest configuration needs for Allure results under `<reportDir>/allure-results`. */
export interface AllureVitestConfig {
  /** Add to `test.reporters`: allure-vitest's reporter (see `unsyncedWriter`). */
  reporter: Reporter;
  /** Where the results go. */
  resultsDir: string;
  /** Add to `test.setupFiles` (allure-vitest 3 would add it itself; listing it keeps that explicit). */
  setupFiles: string[];
}

/** The part of allure-js-commons' writer that a run calls once per result, step and attachment. */
interface AllureWriter {
  writeAttachment(distFileName: string, content: Buffer | string): void;
  writeAttachmentFromPath(distFileName: string, from: string): void;
  writeGroup(result: { uuid: string }): void;
  writeResult(result: { uuid: string }): void;
  writeGlobals(distFileName: string, info: unknown): void;
}

/**
 * allure-js-commons writes each file through a temporary file, `fsync` and a rename: thousands of
 * disk flushes per run (measured: 2,600 files, 3.5 s at the end of the suite). A report folder needs
 * no crash durability (the run writes it and then exits), so the per-test files are written plainly;
 * the content is the same.
 */
function unsyncedWriter(original: AllureWriter, dir: string): AllureWriter {
  let made = false;
  const path = (name: string) => {
    if (!made) mkdirSync(dir, { recursive: true });
    made = true;
    return join(dir, name);
  };
  return Object.assign(Object.create(original) as AllureWriter, {
    writeAttachment: (name: string, content: Buffer | string) => writeFileSync(path(name), content),
    writeAttachmentFromPath: (name: string, from: string) => copyFileSync(from, path(name)),
    writeGroup: (result: { uuid: string }) =>
      writeFileSync(path(`${result.uuid}-container.json`), JSON.stringify(result)),
    writeResult: (result: { uuid: string }) =>
      writeFileSync(path(`${result.uuid}-result.json`), JSON.stringify(result)),
    writeGlobals: (name: string, info: unknown) => writeFileSync(path(name), JSON.stringify(info)),
  });
}

/**
 * The allure-vitest 3 pieces, as its documentation configures them (its reporter with `resultsDir`,
 * its setup file), loaded only when Allure results are asked for. The setup file is resolved to a
 * path so it loads whatever the working directory.
 */
export async function allureVitestConfig(reportDir: string): Promise<AllureVitestConfig> {
  const resultsDir = join(reportDir, 'allure-results');
  const { default: AllureVitestReporter } = await import('allure-vitest/reporter');
  class Unsynced extends AllureVitestReporter {
    override onInit(vitest: Vitest): void {
      super.onInit(vitest);
      // The runtime's writer is not public API: when it is not where allure-vitest 3 keeps it, the
      // results are still written, by allure's own (slower) writer.
      const runtime = (this as unknown as { allureReporterRuntime?: { writer?: AllureWriter } })
        .allureReporterRuntime;
      if (runtime?.writer && typeof runtime.writer.writeResult === 'function')
        runtime.writer = unsyncedWriter(runtime.writer, resultsDir);
    }
  }
  return {
    reporter: new Unsynced({ resultsDir }) as unknown as Reporter,
    resultsDir,
    setupFiles: [require.resolve('allure-vitest/setup')],
  };
}
