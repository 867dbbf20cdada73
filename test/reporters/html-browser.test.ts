import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../reporters/index.js';
import { findChromium, isCi } from '../helpers/find-chromium.js';
import { FAILING_REQUIREMENT, makeRun, SECRETS } from './fixtures.js';

// IC_CHROMIUM, then Playwright's downloaded browser, then chromium/google-chrome on the PATH.
// None: skipped with the install line on a developer's machine, a failure with that line under CI.
// IC_CHROMIUM set but wrong: always a failure.
const CHROMIUM = findChromium();
const CHROMIUM_PATH = 'path' in CHROMIUM ? CHROMIUM.path : undefined;
const NOT_RUNNABLE =
  'error' in CHROMIUM ? CHROMIUM.error : 'missing' in CHROMIUM ? CHROMIUM.missing : undefined;
const SKIP = 'missing' in CHROMIUM && !isCi();
if (SKIP) console.warn(`html-browser.test.ts skipped: ${CHROMIUM.missing}`);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let root: string;
let context: BrowserContext;
let fileUrl: string;

beforeAll(async () => {
  if (CHROMIUM_PATH === undefined) return;
  root = await mkdtemp(join(tmpdir(), 'ic-html-'));
  const written = await writeReports(makeRun(), {
    dir: join(root, 'report'),
    formats: ['html'],
    secrets: [SECRETS.password],
  });
  fileUrl = pathToFileURL(join(written.dir, 'report.html')).href;
  context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
    headless: true,
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe.skipIf(SKIP)('report.html in a headless browser', () => {
  it('loads from file:// without console errors or network requests, shows the failure, and filters', async () => {
    if (NOT_RUNNABLE !== undefined) throw new Error(NOT_RUNNABLE);
    const requests: string[] = [];
    const problems: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(fileUrl, { waitUntil: 'load', timeout: 30_000 });

    // The row whose id cell names it (a blocked row also names it, in its why).
    const failingRow = page
      .locator('#matrix tbody tr')
      .filter({ has: page.locator('td:first-child', { hasText: FAILING_REQUIREMENT }) });
    await expect.poll(() => failingRow.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await failingRow.getAttribute('data-verdict')).toBe('fail');
    // The failing scenario's drill-down is open, with the step's reason in it.
    await expect.poll(() => page.getByText('body.statusCode: expected 0').first().isVisible()).toBe(true);
    // Untrusted text from the target is shown as text, never run.
    expect(await page.locator('script').count()).toBe(1);

    const visibleRows = () => page.locator('#matrix tbody tr:visible').count();
    const all = await visibleRows();
    await page.selectOption('select[data-filter="verdict"]', 'pass');
    const passing = await visibleRows();
    expect(passing).toBeGreaterThan(0);
    expect(passing).toBeLessThan(all);
    expect(await failingRow.isVisible()).toBe(false);
    expect(await page.locator('#shown').textContent()).toBe(`${passing} of ${all} requirements shown`);

    await page.selectOption('select[data-filter="verdict"]', 'fail');
    expect(await visibleRows()).toBe(1);
    expect(await failingRow.isVisible()).toBe(true);
    await page.selectOption('select[data-filter="verdict"]', '');

    const out = resolve(import.meta.dirname, '../../test-output');
    await mkdir(out, { recursive: true });
    await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
    await page.close();

    expect(problems).toEqual([]);
    expect(requests.filter((u) => u !== fileUrl)).toEqual([]);
    expect(requests).toContain(fileUrl);
  });
});
