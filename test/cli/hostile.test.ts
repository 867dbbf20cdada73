import { describe, expect, it } from 'vitest';
import { validateReport } from '../../reporters/report-schema.js';
import type { RunResult } from '../../src/model/index.js';
import {
  ALL_SUITES,
  COMPLETE_SUITE,
  type HostileRun,
  REPORT_FILES,
  runHostile,
} from '../helpers/run-hostile.js';

/**
 * Each way a target can break an exchange (docs/blame.md), through the whole CLI against a
 * purpose-built hostile target: the run ends, writes every report, exits 1 and blames the target,
 * naming the requirement and the transport reason. Small timeouts keep each run short.
 */

/** The failing transport checks of a run: the requirement they stand for and their message. */
function transportFailures(
  report: RunResult,
): Array<{ scenario: string; requirements: string[]; message: string }> {
  return report.scenarios.flatMap((s) =>
    s.steps.flatMap((st) =>
      st.checks
        .filter((c) => !c.passed && c.name === 'transport')
        .map((c) => ({ scenario: s.scenarioId, requirements: st.requirements, message: c.message ?? '' })),
    ),
  );
}

function expectEveryReport(run: HostileRun): void {
  expect(run.written).toEqual(REPORT_FILES);
}

/** The target is blamed: no harness error, at least one failing requirement, exit 1. */
function expectTargetBlamed(run: HostileRun): RunResult {
  const report = run.report as RunResult;
  expect(run.code, `${run.out}\n${run.err}`).toBe(1);
  expectEveryReport(run);
  // report.json holds the new shapes (connect steps, blockedBy, session events) within its schema.
  expect(validateReport(report)).toEqual({ ok: true });
  expect(report.scenarios.filter((s) => s.outcome === 'error').map((s) => s.reason)).toEqual([]);
  expect(report.requirements.filter((r) => r.verdict === 'fail').length).toBeGreaterThan(0);
  // The same blame in JUnit: failures, no errors.
  expect(run.junit).toMatch(/<testsuites [^>]*errors="0"/);
  expect(run.junit).toContain('<failure');
  return report;
}

// One at a time: a run hands its plan to vitest through the process environment.
describe('hostile targets through the CLI', () => {
  it("a TCP reset on every operation fails the operations' requirements with the reason", async () => {
    const run = await runHostile('reset-post');
    const report = expectTargetBlamed(run);
    const failures = transportFailures(report);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]?.message).toContain('the target reset the connection after the request was sent');
    expect(failures[0]?.requirements.length).toBeGreaterThan(0);
    // The requirements after the failing step are blocked, each saying by what.
    const blocked = report.requirements.filter((r) => r.verdict === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    for (const r of blocked) expect(r.why).toMatch(/^blocked by /);
    expect(run.summary).toContain('Blocked requirements');
    expect(run.out).toContain('reset the connection');
  }, 120_000);

  it('an answer cut in the middle fails with "closed the connection in the middle of the answer"', async () => {
    const run = await runHostile('half-body');
    const report = expectTargetBlamed(run);
    expect(transportFailures(report)[0]?.message).toMatch(
      /closed the connection in the middle of the answer, after \d+ of the \d+ announced byte/,
    );
  }, 120_000);

  it('a body dripped one byte at a time is cut at timeouts.request (the whole answer, not between bytes)', async () => {
    const run = await runHostile('drip-body', ['--suite', COMPLETE_SUITE], { dripMs: 200 });
    const report = expectTargetBlamed(run);
    expect(transportFailures(report)[0]?.message).toMatch(
      /no complete answer within 2000 ms: the headers came after \d+ ms, then only \d+ of the \d+ announced byte/,
    );
  }, 120_000);

  it('a 50 MB answer is cut at the answer bound and fails its requirement', async () => {
    const run = await runHostile('huge-body');
    const report = expectTargetBlamed(run);
    expect(transportFailures(report)[0]?.message).toContain('the answer is larger than 8 MiB');
  }, 120_000);

  it('JSON sent as text/html fails IX-HTTP-01 alone; the scenarios go on and the rest passes', async () => {
    const run = await runHostile('html-content-type', ['--suite', COMPLETE_SUITE, '--fail-on', 'should']);
    const report = expectTargetBlamed(run);
    const failing = report.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id);
    expect(failing).toEqual(['IX-HTTP-01']);
    expect(report.requirements.filter((r) => r.verdict === 'blocked')).toEqual([]);
    expect(run.out).toContain('FAIL IX-HTTP-01');
    const check = report.scenarios
      .flatMap((s) => s.steps.flatMap((st) => st.checks))
      .find((c) => c.name === 'content-type' && !c.passed);
    expect(check?.message).toContain('a JSON body was sent as "text/html; charset=utf-8"');
  }, 120_000);

  it("truncated JSON answers fail the operations' variant checks (the answer came: no transport failure)", async () => {
    const run = await runHostile('truncated-json');
    const report = expectTargetBlamed(run);
    expect(transportFailures(report)).toEqual([]);
    const failed = report.scenarios.flatMap((s) => s.steps).find((st) => st.outcome === 'failed');
    expect(failed?.reason).toMatch(/body is not \w+\.(success|failure)/);
  }, 120_000);

  it('every CometD handshake failing fails IX-AUTH-04, and the breaker blocks the rest', async () => {
    const run = await runHostile('handshake-500');
    const report = expectTargetBlamed(run);
    expect(run.err).toContain("the run judges this as the target's failure of IX-AUTH-04");
    const auth = report.requirements.find((r) => r.id === 'IX-AUTH-04');
    expect(auth?.verdict).toBe('fail');
    const connect = report.scenarios.flatMap((s) => s.steps).find((st) => st.kind === 'connect');
    expect(connect?.reason).toContain('500::Handshake failed');
    expect(report.requirements.find((r) => r.id === 'IX-COMPLETE-01')?.verdict).toBe('blocked');
  }, 120_000);

  it('CometD handshakes never answered are bounded by timeouts.handshake and fail IX-AUTH-04', async () => {
    const run = await runHostile('handshake-hang');
    const report = expectTargetBlamed(run);
    const connect = report.scenarios.flatMap((s) => s.steps).find((st) => st.kind === 'connect');
    expect(connect?.reason).toContain('no answer within 2000 ms');
    expect(report.requirements.find((r) => r.id === 'IX-AUTH-04')?.verdict).toBe('fail');
    // After three in a row, the scenarios not yet started were judged at once as blocked.
    expect(report.scenarios.some((s) => s.blockedBy?.reason.includes('3 scenarios in a row'))).toBe(true);
  }, 120_000);

  it('a session dropped at its second notification: re-handshake, "session lost (402)", the rest runs', async () => {
    const run = await runHostile('drop-session-402', ['--scenario', 'complete-ends-the-interaction']);
    const report = expectTargetBlamed(run);
    const [scenario] = report.scenarios;
    const kinds = scenario?.events?.map((e) => e.kind) ?? [];
    expect(kinds).toContain('session-lost');
    expect(kinds).toContain('rehandshake');
    const lost = scenario?.steps.find((st) => st.reason?.includes('session lost (402)'));
    expect(lost?.outcome).toBe('failed');
    // The steps after the lost notification ran, and the later notification arrived on the new session.
    const after = scenario?.steps.filter((st) => st.index > (lost?.index ?? 0)) ?? [];
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((st) => st.outcome === 'passed')).toBe(true);
    expect(run.out).toContain('CometD sessions lost (402) and re-made');
    expect(run.summary).toContain('CometD sessions lost and re-made');
    expect(run.html).toContain('session-lost');
  }, 120_000);

  it('GET /me/interactions never answering is named by the setup check in words, not a code', async () => {
    const run = await runHostile('hang-me-interactions');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/me\/interactions: no answer within 2 s/);
    expect(run.err).not.toMatch(/\(\d+\)/);
  }, 120_000);
});

describe('a target that stops answering half way', () => {
  it('ends soon after: the failing steps blame it, every requirement still to judge is blocked with that reason', async () => {
    const started = performance.now();
    const run = await runHostile('down-halfway', ['--suite', ALL_SUITES], {
      answerFirst: 400,
    });
    const report = expectTargetBlamed(run);
    expect(transportFailures(report)[0]?.message).toContain('no complete answer within 2000 ms');
    const blockedScenarios = report.scenarios.filter((s) => s.blockedBy !== undefined);
    expect(blockedScenarios.length).toBeGreaterThan(0);
    const blocked = report.requirements.filter((r) => r.verdict === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.some((r) => r.why?.includes('3 scenarios in a row'))).toBe(true);
    expect(run.out).toMatch(/BLOCKED \d+ requirement\(s\)/);
    // Printed, not asserted: how long the run went on after the target stopped (docs/blame.md).
    console.log(`down-halfway: run took ${Math.round(performance.now() - started)} ms`);
  }, 300_000);
});
