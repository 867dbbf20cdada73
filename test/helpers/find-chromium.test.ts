import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, INSTALL_LINE, isCi } from './find-chromium.js';

let root: string;
/** Directories used as PATH entries; each holds the fake browsers named below. */
let a: string;
let b: string;
let c: string;
let empty: string;
let playwright: string;
let explicit: string;

async function fake(path: string, mode = 0o755): Promise<string> {
  await writeFile(path, '#!/bin/sh\necho fake chromium\n');
  await chmod(path, mode);
  return path;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ic-find-chromium-'));
  a = join(root, 'a');
  b = join(root, 'b');
  c = join(root, 'c');
  empty = join(root, 'empty');
  for (const d of [a, b, c, empty, join(root, 'pw'), join(root, 'dir-named-chromium', 'chromium')])
    await mkdir(d, { recursive: true });
  // a: google-chrome, and a chromium without the executable bit.
  await fake(join(a, 'google-chrome'));
  await fake(join(a, 'chromium'), 0o644);
  // b: chromium-browser and chromium.
  await fake(join(b, 'chromium-browser'));
  await fake(join(b, 'chromium'));
  // c: only google-chrome-stable.
  await fake(join(c, 'google-chrome-stable'));
  playwright = await fake(join(root, 'pw', 'chrome'));
  explicit = await fake(join(root, 'my-chromium'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const path = (...dirs: string[]) => dirs.join(delimiter);

describe('findChromium', () => {
  it('IC_CHROMIUM wins over Playwright and the PATH', () => {
    expect(
      findChromium({ env: { IC_CHROMIUM: explicit, PATH: path(b) }, playwrightPath: playwright }),
    ).toEqual({
      path: explicit,
      source: 'IC_CHROMIUM',
    });
  });

  it('IC_CHROMIUM naming a missing file is an error naming the variable, not a fallback', () => {
    const missing = join(root, 'nowhere', 'chromium');
    const found = findChromium({ env: { IC_CHROMIUM: missing, PATH: path(b) }, playwrightPath: playwright });
    expect(found).toEqual({
      error: `IC_CHROMIUM=${missing} is not an executable file; point it at a Chromium or unset it`,
    });
  });

  it('IC_CHROMIUM naming a file without the executable bit, or a directory, is an error', () => {
    for (const bad of [join(a, 'chromium'), join(root, 'dir-named-chromium', 'chromium')]) {
      const found = findChromium({ env: { IC_CHROMIUM: bad, PATH: path(b) }, playwrightPath: playwright });
      expect(found).toHaveProperty('error');
      expect((found as { error: string }).error).toMatch(/^IC_CHROMIUM=/);
    }
  });

  it('an empty IC_CHROMIUM counts as unset', () => {
    expect(findChromium({ env: { IC_CHROMIUM: '', PATH: path(b) }, playwrightPath: playwright })).toEqual({
      path: playwright,
      source: 'playwright',
    });
  });

  it("Playwright's browser comes next, when its file is there", () => {
    expect(findChromium({ env: { PATH: path(b) }, playwrightPath: playwright })).toEqual({
      path: playwright,
      source: 'playwright',
    });
    // Playwright names its path whether or not the browser was downloaded: a missing file is skipped.
    expect(
      findChromium({ env: { PATH: path(b) }, playwrightPath: join(root, 'pw', 'not-downloaded') }),
    ).toEqual({
      path: join(b, 'chromium'),
      source: 'PATH',
    });
  });

  it('on the PATH, chromium comes first, and a non-executable file of that name is passed over', () => {
    // a/chromium is not executable; b/chromium is; a/google-chrome comes earlier on the PATH but later by name.
    expect(findChromium({ env: { PATH: path(a, b) }, playwrightPath: null })).toEqual({
      path: join(b, 'chromium'),
      source: 'PATH',
    });
  });

  it('for one name, the earlier PATH entry wins', async () => {
    const d = join(root, 'd');
    await mkdir(d, { recursive: true });
    await fake(join(d, 'chromium'));
    expect(findChromium({ env: { PATH: path(d, b) }, playwrightPath: null })).toEqual({
      path: join(d, 'chromium'),
      source: 'PATH',
    });
    expect(findChromium({ env: { PATH: path(b, d) }, playwrightPath: null })).toEqual({
      path: join(b, 'chromium'),
      source: 'PATH',
    });
  });

  it('then chromium-browser, google-chrome, google-chrome-stable', () => {
    expect(findChromium({ env: { PATH: path(c, a, b) }, playwrightPath: null })).toEqual({
      path: join(b, 'chromium'),
      source: 'PATH',
    });
    expect(findChromium({ env: { PATH: path(c, a) }, playwrightPath: null })).toEqual({
      path: join(a, 'google-chrome'),
      source: 'PATH',
    });
    expect(findChromium({ env: { PATH: path(c) }, playwrightPath: null })).toEqual({
      path: join(c, 'google-chrome-stable'),
      source: 'PATH',
    });
  });

  it('nothing found: the one line saying what to install', () => {
    for (const env of [{ PATH: path(empty) }, { PATH: '' }, {}]) {
      expect(findChromium({ env, playwrightPath: join(root, 'pw', 'not-downloaded') })).toEqual({
        missing: INSTALL_LINE,
      });
    }
    expect(INSTALL_LINE).toBe(
      'no Chromium found: set IC_CHROMIUM=/path/to/chromium, or install one ' +
        '(Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium; ' +
        'or npx playwright install chromium)',
    );
  });
});

describe('isCi', () => {
  it('is true when CI is set to anything but empty or "false"', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: 'FALSE' })).toBe(false);
  });
});
