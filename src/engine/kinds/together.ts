import type { HttpStep, TogetherRequest, TogetherStep } from '../../model/index.js';
import { runTogetherStep } from '../steps/together-step.js';
import { expectationOf, stringValues } from './http.js';
import { type Named, type StepKindModule, valuesAt } from './types.js';

type Obj = Record<string, unknown>;

const requestsOf = (raw: Obj): Obj[] => {
  const requests = (raw.together as Obj | undefined)?.requests;
  return Array.isArray(requests) ? (requests as Obj[]) : [];
};

const operationOf = (r: Obj): string | undefined => {
  const op = (r.body as Obj | undefined)?.operationName;
  return typeof op === 'string' ? op : undefined;
};

/**
 * `together:` — several requests started at once (a barrier holds each one's last byte until every
 * request is on the wire), then the set of outcomes judged by `succeed: one | all | N`. A request's
 * success defaults to `<op>.success` (or its `reading`'s options), its refusal to `<op>.failure`; a
 * request with neither an operationName nor both expectations is a load error.
 */
export const togetherKind: StepKindModule<TogetherStep> = {
  kind: 'together',
  key: 'together',
  schemaDef: 'togetherStep',
  actorPaths: [],
  variantPaths: [],
  actorsNamed: (raw): Named => requestsOf(raw).map((r, i) => [r.actor, ['together', 'requests', i, 'actor']]),
  variantsNamed: (raw): Named =>
    requestsOf(raw).flatMap((r, i): Named => {
      const op = operationOf(r);
      const named = (key: 'success' | 'refusal', suffix: string): [unknown, Array<string | number>] => {
        const given = (r[key] as Obj | undefined)?.variant;
        if (given !== undefined) return [given, ['together', 'requests', i, key, 'variant']];
        return [
          op === undefined ? undefined : `${op}${suffix}`,
          ['together', 'requests', i, 'body', 'operationName'],
        ];
      };
      return [named('success', '.success'), named('refusal', '.failure')];
    }),
  patterns: (raw) => {
    const requests = requestsOf(raw);
    const under = (i: number, keys: string[][]): Named =>
      valuesAt(requests[i] ?? {}, keys).map(([v, sub]): [unknown, Array<string | number>] => [
        v,
        ['together', 'requests', i, ...sub],
      ]);
    return {
      matched: requests.flatMap((_, i) =>
        under(i, [
          ['success', 'body'],
          ['success', 'headers'],
          ['refusal', 'body'],
          ['refusal', 'headers'],
        ]),
      ),
      sent: requests.flatMap((_, i) => under(i, [['body'], ['query'], ['headers']])),
    };
  },
  build({ block, base, title, problem, reading: readingOf }) {
    const t = block as Obj;
    const rawRequests = t.requests as Obj[];
    const requests: TogetherRequest[] = [];
    rawRequests.forEach((r, i) => {
      const op = operationOf(r);
      if (op === undefined && (r.success === undefined || r.refusal === undefined)) {
        problem(
          ['together', 'requests', i],
          'IC_E_SCHEMA',
          'a request without operationName needs success and refusal',
          'body.operationName, or both success: <expectation> and refusal: <expectation>',
        );
        return;
      }
      const reading = r.reading === undefined ? undefined : readingOf(r.reading);
      requests.push({
        actor: String(r.actor),
        method: r.method as HttpStep['method'],
        path: String(r.path),
        ...(r.query !== undefined ? { query: stringValues(r.query as Obj) } : {}),
        ...(r.body !== undefined ? { body: r.body } : {}),
        ...(r.headers !== undefined ? { headers: stringValues(r.headers as Obj) } : {}),
        // With a reading, its options say what a success looks like (e.g. Accept's body, a point).
        success:
          r.success !== undefined ? expectationOf(r.success) : reading ? {} : { variant: `${op}.success` },
        refusal: r.refusal !== undefined ? expectationOf(r.refusal) : { variant: `${op}.failure` },
        ...(reading ? { reading } : {}),
      });
    });
    if (requests.length !== rawRequests.length) return undefined;
    const succeed = t.succeed as TogetherStep['succeed'];
    if (typeof succeed === 'number' && succeed > requests.length) {
      problem(
        ['together', 'succeed'],
        'IC_E_SCHEMA',
        `succeed: ${succeed} but only ${requests.length} requests`,
        `one, all, or a number from 0 to ${requests.length}`,
      );
      return undefined;
    }
    const ops = requests.map((r) => (r.body as Obj | undefined)?.operationName ?? r.method).join(', ');
    const judged =
      succeed === 'all' ? 'all succeed' : succeed === 'one' ? 'exactly one succeeds' : `${succeed} succeed`;
    return {
      kind: 'together',
      ...base,
      title: title(`${requests.length} requests at once (${ops}): ${judged}`),
      requests,
      succeed,
    };
  },
  run: runTogetherStep,
};
