import { describe, expect, it } from 'vitest';
import { runRounds } from '../../../src/engine/run/rounds.js';
import type { ScenarioResult } from '../../../src/model/index.js';
import { scenario, wait } from '../../helpers/scenario.js';

const result = (outcome: ScenarioResult['outcome'], extra: Partial<ScenarioResult> = {}): ScenarioResult => ({
  scenarioId: 's',
  title: 't',
  file: 'f.yaml',
  pos: { file: 'f.yaml', line: 1, col: 1 },
  profile: 'core',
  tags: [],
  requirements: [],
  outcome,
  startedAt: new Date(0).toISOString(),
  durationMs: 10,
  steps: [],
  messages: [],
  actors: {},
  ...extra,
});

describe('repeat: rounds', () => {
  it('runs every round when all pass and counts them', async () => {
    let runs = 0;
    const out = await runRounds({ ...scenario({ steps: [wait(1)] }), repeat: 4 }, async () => {
      runs++;
      return result('passed', { leftovers: [{ id: `x${runs}`, reason: 'queued' }] });
    });
    expect(runs).toBe(4);
    expect(out.rounds).toEqual({ planned: 4, run: 4 });
    expect(out.durationMs).toBe(40);
    expect(out.leftovers?.map((l) => l.id)).toEqual(['x1', 'x2', 'x3', 'x4']);
  });

  it('stops at the first failing round and names it', async () => {
    let runs = 0;
    const out = await runRounds({ ...scenario({ steps: [wait(1)] }), repeat: 20 }, async () => {
      runs++;
      return runs === 3 ? result('failed', { reason: 'step 2 failed' }) : result('passed');
    });
    expect(runs).toBe(3);
    expect(out.outcome).toBe('failed');
    expect(out.rounds).toEqual({ planned: 20, run: 3, failed: 3 });
    expect(out.reason).toBe('round 3 of 20: step 2 failed');
  });

  it('runs once, with no rounds recorded, without repeat', async () => {
    const out = await runRounds(scenario({ steps: [wait(1)] }), async () => result('passed'));
    expect(out.rounds).toBeUndefined();
  });
});
