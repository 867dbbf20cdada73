import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requirementResults } from '../../../reporters/verdicts.js';
import type { Requirement } from '../../../src/model/index.js';
import { type FakeTarget, json, startFakeTarget } from '../../helpers/fake-target.js';
import { runOne } from '../../helpers/run-one.js';
import { agent, http, scenario } from '../../helpers/scenario.js';

let target: FakeTarget;
beforeEach(async () => {
  target = await startFakeTarget();
});
afterEach(async () => {
  await target.close();
});

const requirement = (id: string): Requirement => ({
  id,
  quote: 'q',
  statement: 's',
  operation: 'GET /me/interactions',
  level: 'MUST',
  profile: 'core',
  basis: 'seed',
});

describe("a step's requirements", () => {
  it("stand for its checks instead of the scenario's: its failure blames only them", async () => {
    target.route('GET', '/me/interactions', ({ res }) => json(res, 200, { statusCode: 0, uris: [] }));
    const result = await runOne(
      scenario({
        actors: [agent('alice', false)],
        requirements: ['IX-A-01', 'IX-B-01'],
        steps: [
          http({ path: '/me/interactions', expect: { status: 200 } }),
          http({ path: '/me/interactions', expect: { status: 201 }, requirements: ['IX-C-01'] }),
        ],
      }),
      target,
    );
    expect(result.steps.map((s) => [s.outcome, s.requirements])).toEqual([
      ['passed', ['IX-A-01', 'IX-B-01']],
      ['failed', ['IX-C-01']],
    ]);
    const verdicts = requirementResults(
      ['IX-A-01', 'IX-B-01', 'IX-C-01'].map(requirement),
      [result],
      ['core'],
    );
    expect(verdicts.map((v) => [v.id, v.verdict])).toEqual([
      ['IX-A-01', 'pass'],
      ['IX-B-01', 'pass'],
      ['IX-C-01', 'fail'],
    ]);
  });
});
