import type { Step, StepResult } from '../../model/index.js';
import type { ScenarioContext } from './context.js';
import { runHttpStep } from './http-step.js';
import { runMessageStep } from './message-step.js';
import { runNoMessageStep } from './no-message-step.js';
import { runProvisionStep } from './provision-step.js';
import { runWaitStep } from './wait-step.js';

/** Runs one step of any kind; never throws for a target's misbehaviour. */
export function runStep(step: Step, index: number, ctx: ScenarioContext): Promise<StepResult> {
  switch (step.kind) {
    case 'http':
      return runHttpStep(step, index, ctx);
    case 'message':
      return runMessageStep(step, index, ctx);
    case 'no-message':
      return runNoMessageStep(step, index, ctx);
    case 'provision':
      return runProvisionStep(step, index, ctx);
    case 'wait':
      return runWaitStep(step, index, ctx);
  }
}
