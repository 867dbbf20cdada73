import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reporters/html.js';
import { toReportDocument } from '../../reporters/json.js';
import { renderJunit } from '../../reporters/junit.js';
import { renderMarkdown } from '../../reporters/markdown.js';
import { readingResults } from '../../reporters/readings.js';
import { validateReport } from '../../reporters/report-schema.js';
import { loadSpec } from '../../src/spec/index.js';
import { makeRun, makeScenarios } from './fixtures.js';

/** A run whose first scenario showed two readings, with the reference readings declared. */
function runWithReadings(declared: boolean) {
  const scenarios = makeScenarios();
  const first = scenarios[0];
  const step = first?.steps[0];
  if (!first || !step) throw new Error('fixture has no step');
  step.readings = [
    { point: 'business-error-http-status', option: 'http-4xx' },
    { point: 'unknown-queue', option: 'refused' },
  ];
  const points = loadSpec().readings;
  const options = Object.fromEntries(points.map((p) => [p.id, [p.reference]]));
  const run = makeRun(scenarios);
  return {
    ...run,
    ...(declared ? { readingsDeclared: { source: 'reference', options } } : {}),
    readings: readingResults(points, scenarios, declared ? options : undefined),
    scenarioId: first.scenarioId,
  };
}

describe('the Readings section', () => {
  it('records each observed option with its scenarios, and a declared point that differs', () => {
    const run = runWithReadings(true);
    const byPoint = new Map(run.readings.map((r) => [r.point, r]));
    expect(byPoint.get('business-error-http-status')).toMatchObject({
      observed: [{ option: 'http-4xx', scenarios: [run.scenarioId] }],
      declared: ['http-200'],
      status: 'differs',
    });
    expect(byPoint.get('unknown-queue')?.status).toBe('as-declared');
    expect(byPoint.get('reply-answer')).toMatchObject({ observed: [], status: 'not-observed' });
    expect(
      readingResults(loadSpec().readings, makeScenarios()).every((r) => r.status === 'not-observed'),
    ).toBe(true);
  });

  it('appears, schema-valid, in report.json, report.html, summary.md and junit.xml', () => {
    const { scenarioId: _id, ...run } = runWithReadings(true);
    const doc = toReportDocument(run);
    expect(validateReport(doc)).toEqual({ ok: true });
    expect(doc.readings.find((r) => r.point === 'business-error-http-status')?.status).toBe('differs');

    const html = renderHtml(run);
    expect(html).toContain('<h2 id="readings">Readings</h2>');
    expect(html).toMatch(
      /<code>business-error-http-status<\/code>.*http-4xx.*differs from the declared http-200/s,
    );

    const md = renderMarkdown(run);
    expect(md).toContain('## Readings');
    expect(md).toMatch(/\| `business-error-http-status` \(E-06\) \| ❌ http-4xx \| http-200 \(differs\) \|/);
    expect(md).toMatch(/\| `reply-answer` \(E-13\) \| not observed \|/);

    const junit = renderJunit(run);
    expect(junit).toContain('<property name="readings.declared" value="reference"/>');
    expect(junit).toContain(
      '<property name="reading.business-error-http-status" value="http-4xx (declared http-200)"/>',
    );
    expect(junit).toContain('<property name="reading.unknown-queue" value="refused"/>');
  });

  it('a report whose readings are malformed is refused by the schema', () => {
    const { scenarioId: _id, ...run } = runWithReadings(false);
    const doc = toReportDocument(run) as unknown as { readings: Array<{ status: string }> };
    const first = doc.readings[0];
    if (first) first.status = 'maybe';
    expect(validateReport(doc).ok).toBe(false);
  });
});
