import type { CheckResult, HttpExchange, HttpStep } from '../../model/index.js';
import { match } from '../match/index.js';
import type { Vars } from '../vars/index.js';
import type { StepEnv } from './context.js';
import { check, describeIssues } from './result.js';
import { defaultStatus, describeStatus, statusMatches } from './status.js';

/** Every expectation of an http step evaluated against one response, so all mismatches show at once. */
export function httpChecks(
  step: HttpStep,
  response: NonNullable<HttpExchange['response']>,
  env: StepEnv,
  vars: Vars,
): CheckResult[] {
  const { expect } = step;
  const checks: CheckResult[] = [];
  const status = expect.status ?? defaultStatus(env.strictness, expect.variant);
  const statusOk = statusMatches(status, response.status);
  checks.push(
    check(
      'status',
      statusOk,
      status,
      response.status,
      statusOk ? undefined : `status: expected ${describeStatus(status)}, got ${response.status}`,
    ),
  );
  if (expect.variant !== undefined) {
    const verdict = env.validator.validate(expect.variant, response.body, {
      strictness: env.strictness,
      dialect: env.dialect,
    });
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
