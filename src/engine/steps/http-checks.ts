import type {
  CheckResult,
  HttpExchange,
  HttpExpectation,
  HttpStep,
  ReadingObservation,
  StepReading,
} from '../../model/index.js';
import { match } from '../match/index.js';
import type { Vars } from '../vars/index.js';
import type { StepEnv } from './context.js';
import { check, describeIssues } from './result.js';
import { describeStatus, statusMatches } from './status.js';

type Response = NonNullable<HttpExchange['response']>;

/** The point that holds the HTTP status of a refusal when a step names none (errata E-06). */
export const BUSINESS_ERROR_STATUS = 'business-error-http-status';

export interface HttpCheckOutcome {
  checks: CheckResult[];
  /** The readings this answer showed (one per point it matched an option of). */
  readings: ReadingObservation[];
}

/**
 * Every expectation of an http step evaluated against one response, so all mismatches show at once.
 * The status a step names none of is 200 for a success; for a refusal (a failure variant) it is a
 * reading: any option of `business-error-http-status` passes, and the one seen is recorded.
 */
export function httpChecks(step: HttpStep, response: Response, env: StepEnv, vars: Vars): HttpCheckOutcome {
  const { expect } = step;
  const readings: ReadingObservation[] = [];
  const readingSetsStatus =
    step.reading !== undefined && Object.values(step.reading.options).some((o) => o.status !== undefined);
  const implicit =
    expect.status === undefined && !readingSetsStatus && isRefusal(expect.variant)
      ? catalogueReading(BUSINESS_ERROR_STATUS, env)
      : undefined;
  const defaulted: HttpExpectation =
    expect.status === undefined && !readingSetsStatus && !implicit ? { ...expect, status: 200 } : expect;
  const checks = expectationChecks(defaulted, response, env, vars);
  const contentType = contentTypeCheck(response);
  if (contentType) checks.push(contentType);
  for (const reading of [implicit, step.reading]) {
    if (!reading) continue;
    const { check: readingCheck, option } = readingOutcome(reading, response, env, vars);
    checks.push(readingCheck);
    if (option !== undefined) readings.push({ point: reading.point, option });
  }
  return { checks, readings };
}

/** The requirement every JSON answer's content type stands for (spec/requirements.yaml). */
export const CONTENT_TYPE_REQUIREMENT = 'IX-HTTP-01';

/**
 * A JSON answer must say it is JSON: `application/json`, with any parameters (charset). Judged on
 * every answer whose body parses as JSON, for its own requirement; a miss does not stop the scenario.
 */
export function contentTypeCheck(response: Response): CheckResult | undefined {
  const isJson = response.bodyText !== undefined && response.body !== response.bodyText;
  if (!isJson) return undefined;
  const raw = response.headers['content-type'];
  const declared = typeof raw === 'string' ? raw : undefined;
  const media = declared?.split(';')[0]?.trim().toLowerCase();
  const passed = media === 'application/json';
  return {
    ...check(
      'content-type',
      passed,
      'application/json',
      declared ?? null,
      passed
        ? undefined
        : `content-type: a JSON body was sent as ${declared === undefined ? 'no content type at all' : `"${declared}"`}; JSON answers must declare application/json`,
    ),
    requirement: CONTENT_TYPE_REQUIREMENT,
    independent: true,
  };
}

function isRefusal(variant: string | undefined): boolean {
  return variant !== undefined && (variant.endsWith('.failure') || variant.startsWith('Error.'));
}

/** A point with the catalogue's own expectation for each option. */
export function catalogueReading(point: string, env: StepEnv): StepReading | undefined {
  const def = env.readings.get(point);
  if (!def) return undefined;
  return { point, options: Object.fromEntries(def.options.map((o) => [o.name, o.expect])) };
}

/** The first option whose expectation the answer meets; a failed check listing every option's miss when none. */
function readingOutcome(
  reading: StepReading,
  response: Response,
  env: StepEnv,
  vars: Vars,
): { check: CheckResult; option?: string } {
  const misses: string[] = [];
  for (const [option, expectation] of Object.entries(reading.options)) {
    const failed = expectationChecks(expectation, response, env, vars).filter((c) => !c.passed);
    if (failed.length === 0)
      return { check: check(`reading ${reading.point}`, true, Object.keys(reading.options), option), option };
    misses.push(`${option}: ${failed.map((c) => c.message ?? `${c.name} failed`).join(', ')}`);
  }
  const options = Object.keys(reading.options);
  const errata = env.readings.get(reading.point)?.errata;
  return {
    check: check(
      `reading ${reading.point}`,
      false,
      options,
      { status: response.status, body: response.body ?? null },
      `the answer is none of the defensible options of ${reading.point}${errata ? ` (${errata})` : ''}: ${misses.join(' | ')}`,
    ),
  };
}

/** The checks of one expectation: status (when given), variant, body and headers. */
function expectationChecks(
  expect: HttpExpectation,
  response: Response,
  env: StepEnv,
  vars: Vars,
): CheckResult[] {
  const checks: CheckResult[] = [];
  if (expect.status !== undefined) {
    const ok = statusMatches(expect.status, response.status);
    checks.push(
      check(
        'status',
        ok,
        expect.status,
        response.status,
        ok ? undefined : `status: expected ${describeStatus(expect.status)}, got ${response.status}`,
      ),
    );
  }
  if (expect.variant !== undefined) {
    const verdict = env.validator.validate(expect.variant, response.body, { dialect: env.dialect });
    checks.push(
      check(
        `variant ${expect.variant}`,
        verdict.ok,
        expect.variant,
        response.body ?? null,
        verdict.ok ? undefined : `body is not ${expect.variant}: ${describeIssues(verdict.issues)}`,
      ),
    );
  }
  if (expect.body !== undefined) {
    const result = match(expect.body, response.body, {
      vars,
      root: 'body',
      ...(expect.exact === undefined ? {} : { exact: expect.exact }),
    });
    checks.push(
      check(
        'body',
        result.passed,
        expect.body,
        response.body ?? null,
        result.passed ? undefined : result.mismatches.map((m) => m.message).join('; '),
      ),
    );
  }
  if (expect.headers !== undefined) {
    const result = match(expect.headers, response.headers, { vars, root: 'headers' });
    checks.push(
      check(
        'headers',
        result.passed,
        expect.headers,
        response.headers,
        result.passed ? undefined : result.mismatches.map((m) => m.message).join('; '),
      ),
    );
  }
  return checks;
}
