import type { WaitStep } from '../../model/index.js';
import { runWaitStep } from '../steps/wait-step.js';
import type { StepKindModule } from './types.js';

/** `wait:` — a pause (rarely needed: prefer `message` steps and `retry`). */
export const waitKind: StepKindModule<WaitStep> = {
  kind: 'wait',
  key: 'wait',
  schemaDef: 'waitStep',
  actorPaths: [],
  variantPaths: [],
  build({ block, base, title, duration }) {
    const ms = duration(block, 'wait');
    if (ms === undefined) return undefined;
    return { kind: 'wait', ...base, title: title(`wait ${ms} ms`), ms };
  },
  run: runWaitStep,
};
