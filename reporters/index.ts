import { appendFile, cp, mkdir, rm, symlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { RunResult } from '../src/model/index.js';
import { redactRun } from './redact.js';
import { computeVerdict, type Verdict, type VerdictOptions } from './verdict.js';

export type ReportFormat = 'json' | 'html' | 'junit' | 'markdown' | 'allure';
export const REPORT_FORMATS: ReportFormat[] = ['json', 'html', 'junit', 'markdown', 'allure'];

export interface WriteReportsOptions {
  /** Write exactly here; absent: `<root>/reports/<timestamp>/` plus a `reports/latest` link. */
  dir?: string;
  /** Where `reports/` lives when `dir` is absent (default: the working directory). */
  root?: string;
  /**
   * Point `<root>/reports/latest` at `dir` too: for a runner that chose the directory before the run
   * (with `defaultReportDir`, so that Allure results land in it) but still wants the link.
   */
  linkLatest?: boolean;
  formats: ReportFormat[];
  /** Configured passwords and other literal secrets to scrub from every format. */
  secrets: string[];
  /** How the gate judges (fail-on levels, baseline, day); the verdict is computed once from these. */
  gate?: VerdictOptions;
}

export interface WriterFailure {
  /** The format whose writer failed, or the side output that did. */
  format: ReportFormat | 'latest-link' | 'step-summary';
  code: 'WRITER_FAILED';
  message: string;
}

export interface WrittenReports {
  dir: string;
  files: string[];
  /** Writers that failed; the others still wrote their files. */
  failures: WriterFailure[];
  /** The verdict every format shows (from the redacted run): the caller's exit code and console. */
  verdict: Verdict;
}

type Writer = (run: RunResult, dir: string, verdict: Verdict) => Promise<string[]>;

// Each writer is loaded when its format is asked for: a run that wants JSON alone does not load the
// HTML page's assets (~35 ms of the one-step run's start-up).
const WRITERS: Record<ReportFormat, Writer> = {
  json: async (run, dir, v) => [await (await import('./json.js')).writeJson(run, dir, v)],
  html: async (run, dir, v) => [await (await import('./html.js')).writeHtml(run, dir, v)],
  junit: async (run, dir, v) => [await (await import('./junit.js')).writeJunit(run, dir, v)],
  markdown: async (run, dir, v) => [await (await import('./markdown.js')).writeMarkdown(run, dir, v)],
  // allure-vitest writes <dir>/allure-results during the run itself (see vitest-reporters.ts);
  // here there is nothing left to write.
  allure: async () => [],
};

/** `2025-05-01T10-00-00-000Z`: sortable and valid as a folder name everywhere. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** The default report directory, `<root>/reports/<timestamp>/`. */
export function defaultReportDir(root: string = process.cwd(), now: Date = new Date()): string {
  return join(resolve(root, 'reports'), timestamp(now));
}

/** Points reports/latest at the new folder; where links are refused, a copy stands in. */
async function linkLatest(reportsRoot: string, dir: string): Promise<void> {
  const latest = join(reportsRoot, 'latest');
  await rm(latest, { recursive: true, force: true });
  try {
    await symlink(relative(reportsRoot, dir), latest, 'dir');
  } catch {
    await cp(dir, latest, { recursive: true });
  }
}

/** CI job summaries: append (the file is shared by every step of the job). */
async function appendStepSummary(run: RunResult, verdict: Verdict): Promise<void> {
  const target = process.env.GITHUB_STEP_SUMMARY;
  if (target) await appendFile(target, (await import('./markdown.js')).renderMarkdown(run, verdict));
}

/**
 * Redacts the run once, then runs every requested writer. A failing writer is recorded in
 * `failures` and never stops the others.
 */
export async function writeReports(run: RunResult, opts: WriteReportsOptions): Promise<WrittenReports> {
  const reportsRoot = resolve(opts.root ?? process.cwd(), 'reports');
  const dir = opts.dir ? resolve(opts.dir) : defaultReportDir(opts.root);
  await mkdir(dir, { recursive: true });
  const safe = redactRun(run, opts.secrets);
  const verdict = computeVerdict(safe, opts.gate);
  const files: string[] = [];
  const failures: WriterFailure[] = [];
  for (const format of [...new Set(opts.formats)]) {
    try {
      files.push(...(await WRITERS[format](safe, dir, verdict)));
    } catch (err) {
      failures.push({
        format,
        code: 'WRITER_FAILED',
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  try {
    if (!opts.dir || opts.linkLatest) await linkLatest(reportsRoot, dir);
  } catch (err) {
    failures.push({ format: 'latest-link', code: 'WRITER_FAILED', message: String(err) });
  }
  try {
    await appendStepSummary(safe, verdict);
  } catch (err) {
    failures.push({ format: 'step-summary', code: 'WRITER_FAILED', message: String(err) });
  }
  return { dir, files, failures, verdict };
}
