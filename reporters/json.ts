import { join } from 'node:path';
import type { ReceivedMessage, RunResult, ScenarioResult, StepResult } from '../src/model/index.js';
import { writeJsonStreamed } from './json-stream.js';
import { type RunSummary, summarise } from './summary.js';
import { computeVerdict, type GateVerdict, type Verdict } from './verdict.js';

export const REPORT_VERSION = '2.0.0';
export const REPORT_SCHEMA_ID = `urn:interactions-conformance:report:${REPORT_VERSION}`;

type StepMessage = ReceivedMessage & { sinceStepMs: number };
type ReportStep = Omit<StepResult, 'messages'> & { messages?: StepMessage[] };
type ReportScenario = Omit<ScenarioResult, 'steps'> & { steps: ReportStep[] };

/** The document written as report.json (see spec/report.schema.json). */
export interface ReportDocument extends Omit<RunResult, 'scenarios'> {
  $schema: string;
  reportVersion: string;
  generatedAt: string;
  summary: RunSummary;
  /** The gate verdict (the same one as the exit code and every other format). */
  gate: { verdict: GateVerdict; exitCode: 0 | 1; failOn: Verdict['failOn']; lines: string[] };
  scenarios: ReportScenario[];
}

function withStepTimes(step: StepResult): ReportStep {
  const { messages, ...rest } = step;
  if (!messages) return rest;
  // Arrival relative to the step makes "how long after the request" readable without arithmetic.
  return { ...rest, messages: messages.map((m) => ({ ...m, sinceStepMs: m.atMs - step.startedAtMs })) };
}

export function toReportDocument(
  run: RunResult,
  generatedAt = new Date(),
  verdict: Verdict = computeVerdict(run),
): ReportDocument {
  const { scenarios, ...rest } = run;
  return {
    $schema: REPORT_SCHEMA_ID,
    reportVersion: REPORT_VERSION,
    generatedAt: generatedAt.toISOString(),
    ...rest,
    summary: summarise(run, verdict),
    gate: {
      verdict: verdict.verdict,
      exitCode: verdict.exitCode,
      failOn: verdict.failOn,
      lines: verdict.lines,
    },
    scenarios: scenarios.map((s) => ({ ...s, steps: s.steps.map(withStepTimes) })),
  };
}

/** Back from a report document to the plain model (drops the derived fields). */
export function fromReportDocument(doc: ReportDocument): RunResult {
  const {
    $schema: _s,
    reportVersion: _v,
    generatedAt: _g,
    summary: _sum,
    gate: _gate,
    scenarios,
    ...rest
  } = doc;
  return {
    ...rest,
    scenarios: scenarios.map((s) => ({
      ...s,
      steps: s.steps.map((st) => {
        if (!st.messages) return st;
        return { ...st, messages: st.messages.map(({ sinceStepMs: _d, ...m }) => m) };
      }),
    })),
  };
}

export async function writeJson(run: RunResult, dir: string, verdict?: Verdict): Promise<string> {
  const file = join(dir, 'report.json');
  await writeJsonStreamed(file, toReportDocument(run, new Date(), verdict), 'scenarios');
  return file;
}
