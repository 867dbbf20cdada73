import type { HttpExpectation, HttpStep, TogetherRequest, TogetherStep } from '../../model/index.js';
import type { ExpandedStep } from './fragments.js';
import { type LoadProblem, type Place, problemAt } from './problem.js';
import { buildReading, checkStepReadings, type ReadingLookup } from './readings.js';

type Obj = Record<string, unknown>;

function placeIn(step: ExpandedStep, sub: Array<string | number>): Place {
  return step.via?.place ?? step.source.placeOf([...step.path, ...sub]);
}

function expectation(raw: unknown): HttpExpectation {
  const e = (raw ?? {}) as Obj;
  return {
    ...(e.status !== undefined ? { status: e.status as number | number[] | string } : {}),
    ...(typeof e.variant === 'string' ? { variant: e.variant } : {}),
    ...(e.body !== undefined ? { body: e.body } : {}),
    ...(typeof e.exact === 'boolean' ? { exact: e.exact } : {}),
    ...(e.headers !== undefined ? { headers: e.headers as Record<string, unknown> } : {}),
  };
}

/**
 * The `together` step: each request with its success and refusal, defaulted from its operationName
 * (`<op>.success`, `<op>.failure`). A request with neither an operationName nor both expectations is a
 * load error: the step could not tell a success from a refusal.
 */
export function buildTogether(
  step: ExpandedStep,
  base: Omit<TogetherStep, 'kind' | 'title' | 'requests' | 'succeed'>,
  title: (derived: string) => string,
  readings: ReadingLookup,
  problems: LoadProblem[],
): TogetherStep | undefined {
  const t = step.raw.together as Obj;
  const rawRequests = t.requests as Obj[];
  const requests: TogetherRequest[] = [];
  rawRequests.forEach((r, i) => {
    const op =
      typeof (r.body as Obj | undefined)?.operationName === 'string'
        ? String((r.body as Obj).operationName)
        : undefined;
    if (op === undefined && (r.success === undefined || r.refusal === undefined)) {
      problems.push(
        problemAt(
          placeIn(step, ['together', 'requests', i]),
          'E_SCHEMA',
          'a request without operationName needs success and refusal',
          {
            rule: 'together-outcomes',
            expected: 'body.operationName, or both success: <expectation> and refusal: <expectation>',
          },
        ),
      );
      return;
    }
    const reading = r.reading === undefined ? undefined : buildReading(r.reading, readings);
    requests.push({
      actor: String(r.actor),
      method: r.method as HttpStep['method'],
      path: String(r.path),
      ...(r.query !== undefined ? { query: stringValues(r.query as Obj) } : {}),
      ...(r.body !== undefined ? { body: r.body } : {}),
      ...(r.headers !== undefined ? { headers: stringValues(r.headers as Obj) } : {}),
      // With a reading, its options say what a success looks like (e.g. Accept's body, a point).
      success: r.success !== undefined ? expectation(r.success) : reading ? {} : { variant: `${op}.success` },
      refusal: r.refusal !== undefined ? expectation(r.refusal) : { variant: `${op}.failure` },
      ...(reading ? { reading } : {}),
    });
  });
  if (requests.length !== rawRequests.length) return undefined;
  const succeed = t.succeed as TogetherStep['succeed'];
  if (typeof succeed === 'number' && succeed > requests.length) {
    problems.push(
      problemAt(
        placeIn(step, ['together', 'succeed']),
        'E_SCHEMA',
        `succeed: ${succeed} but only ${requests.length} requests`,
        {
          rule: 'together-succeed',
          expected: `one, all, or a number from 0 to ${requests.length}`,
        },
      ),
    );
    return undefined;
  }
  const ops = requests.map((r) => (r.body as Obj | undefined)?.operationName ?? r.method).join(', ');
  return {
    kind: 'together',
    ...base,
    title: title(
      `${requests.length} requests at once (${ops}): ${succeed === 'all' ? 'all succeed' : succeed === 'one' ? 'exactly one succeeds' : `${succeed} succeed`}`,
    ),
    requests,
    succeed,
  };
}

/** Load checks of a together step's requests: each reading point and its options. */
export function checkTogetherReadings(
  step: ExpandedStep,
  lookup: ReadingLookup,
  problems: LoadProblem[],
): void {
  const t = step.raw.together as Obj | undefined;
  const requests = Array.isArray(t?.requests) ? (t.requests as Obj[]) : [];
  requests.forEach((r, i) => {
    if (r.reading === undefined) return;
    checkStepReadings(
      { ...step, raw: { reading: r.reading }, path: [...step.path, 'together', 'requests', i] },
      lookup,
      problems,
    );
  });
}

function stringValues(obj: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)]));
}
