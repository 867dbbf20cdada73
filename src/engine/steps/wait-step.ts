import { setTimeout as sleep } from 'node:timers/promises';
import type { StepResult, WaitStep } from '../../model/index.js';
import type { ScenarioContext } from './context.js';
import { check, finishStep, startStep } from './result.js';

export async function runWaitStep(step: WaitStep, index: number, ctx: ScenarioContext): Promise<StepResult> {
  const result = startStep(step, index, ctx);
  await sleep(step.ms);
  result.checks.push(check('wait', true, step.ms, step.ms));
  return finishStep(result, ctx);
}
