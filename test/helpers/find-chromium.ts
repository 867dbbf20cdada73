import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Finds a Chromium for the HTML report's browser test, in the order Playwright users expect:
 *   1. IC_CHROMIUM, an explicit path; set but not an executable file is an error, not a fallback;
 *   2. Playwright's own downloaded browser (`npx playwright install chromium`), when the file is there;
 *   3. chromium, chromium-browser, google-chrome, google-chrome-stable on the PATH, in that order of
 *      names, each looked for along the PATH like `command -v`.
 */
export const ENV_VAR = 'IC_CHROMIUM';

export const INSTALL_LINE =
  `no Chromium found: set ${ENV_VAR}=/path/to/chromium, or install one ` +
  '(Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium; ' +
  'or npx playwright install chromium)';

export const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

export type ChromiumSource = typeof ENV_VAR | 'playwright' | 'PATH';

export type ChromiumLookup =
  /** Found: launch this. */
  | { path: string; source: ChromiumSource }
  /** Nothing found: one line saying what to install. */
  | { missing: string }
  /** IC_CHROMIUM is set but wrong: one line naming it. Always a failure, never a skip. */
  | { error: string };

export interface FindChromiumOptions {
  /** The environment to read IC_CHROMIUM and PATH from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /**
   * Where Playwright's downloaded Chromium would be; playwright-core's `chromium.executablePath()`
   * by default (it names the path whether or not the browser was downloaded). `null`: do not look.
   */
  playwrightPath?: string | null;
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function defaultPlaywrightPath(): string | null {
  try {
    return chromium.executablePath();
  } catch {
    // Platforms Playwright has no build for.
    return null;
  }
}

export function findChromium(options: FindChromiumOptions = {}): ChromiumLookup {
  const env = options.env ?? process.env;

  const explicit = env[ENV_VAR];
  if (explicit !== undefined && explicit !== '') {
    if (isExecutableFile(explicit)) return { path: explicit, source: ENV_VAR };
    return { error: `${ENV_VAR}=${explicit} is not an executable file; point it at a Chromium or unset it` };
  }

  const playwrightPath =
    options.playwrightPath === undefined ? defaultPlaywrightPath() : options.playwrightPath;
  if (playwrightPath && isExecutableFile(playwrightPath))
    return { path: playwrightPath, source: 'playwright' };

  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of PATH_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return { path: candidate, source: 'PATH' };
    }
  }

  return { missing: INSTALL_LINE };
}

/** CI is set and is neither empty nor "false". */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim();
  return ci !== undefined && ci !== '' && ci.toLowerCase() !== 'false';
}
