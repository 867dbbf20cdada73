import type { TestCase, TestModule } from 'vitest/node';
import type { Reporter } from 'vitest/reporters';

/** The stream progress goes to; `isTTY` decides between the updating line and plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Default: process.stderr, so that stdout stays for the reports' own output. */
  stream?: ProgressStream;
  /** Force plain lines (default: when `CI` is set or the stream is not a terminal). */
  plain?: boolean;
}

type Verdict = 'PASS' | 'FAIL' | 'ERROR' | 'SKIP';

/**
 * The runner puts the scenario's result in the test's meta (`meta.scenarioResult`), so that a harness
 * error is told apart from a contract failure; without it the vitest state decides.
 */
function verdictOf(test: TestCase): Verdict | undefined {
  const meta = test.meta() as { scenarioResult?: { outcome?: string } };
  const outcome = meta.scenarioResult?.outcome;
  if (outcome === 'failed') return 'FAIL';
  if (outcome === 'error') return 'ERROR';
  if (outcome === 'skipped' || outcome === 'not-applicable') return 'SKIP';
  if (outcome === 'passed') return 'PASS';
  const state = test.result().state;
  if (state === 'pending') return undefined;
  return state === 'passed' ? 'PASS' : state === 'failed' ? 'FAIL' : 'SKIP';
}

/** Scenarios done of total and failures so far: one updating line on a terminal, plain lines in CI. */
export class ProgressReporter implements Reporter {
  private readonly stream: ProgressStream;
  private readonly plain: boolean;
  private total = 0;
  private done = 0;
  private failed = 0;
  private errors = 0;

  constructor(opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.plain = opts.plain ?? (Boolean(process.env.CI) || !this.stream.isTTY);
  }

  onTestRunStart(): void {
    this.total = 0;
    this.done = 0;
    this.failed = 0;
    this.errors = 0;
  }

  onTestModuleCollected(module: TestModule): void {
    this.total += [...module.children.allTests()].length;
  }

  onTestCaseResult(test: TestCase): void {
    const verdict = verdictOf(test);
    if (!verdict) return;
    this.done += 1;
    if (verdict === 'FAIL') this.failed += 1;
    if (verdict === 'ERROR') this.errors += 1;
    if (this.plain) {
      this.stream.write(`[${this.done}/${this.total}] ${verdict} ${test.name}\n`);
      return;
    }
    const line = `scenarios ${this.done}/${this.total} · ${this.failed} failed · ${this.errors} errors · ${test.name}`;
    // A pseudo-terminal may report 0 columns: fall back to a usual width then.
    const width = Math.max(20, (this.stream.columns || 100) - 1);
    // \r and "erase line" rewrite the same terminal line instead of scrolling.
    this.stream.write(`\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
  }

  onTestRunEnd(): void {
    const summary = `${this.done}/${this.total} scenarios done, ${this.failed} failed, ${this.errors} errors`;
    this.stream.write(this.plain ? `${summary}\n` : `\r\u001b[2K${summary}\n`);
  }
}
