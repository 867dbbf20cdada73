import type { Step, StepKind } from '../../model/index.js';
import { HarnessError } from '../errors.js';
import { httpKind } from './http.js';
import { messageKind } from './message.js';
import { noMessageKind } from './no-message.js';
import { provisionKind } from './provision.js';
import { togetherKind } from './together.js';
import type { StepKindModule } from './types.js';
import { waitKind } from './wait.js';

/** Every step kind, one line each: the loader, the schema check and the runner find kinds only here. */
// Each module handles its own kind only (`kindOf` picks it by kind), hence the widening cast.
export const STEP_KINDS = [
  httpKind,
  messageKind,
  noMessageKind,
  provisionKind,
  waitKind,
  togetherKind,
] as unknown as ReadonlyArray<StepKindModule<Step>>;

/** The key of the loader's own construct, which expands a fragment in place (not a step kind). */
export const INCLUDE_KEY = 'include';

/** The YAML keys that make a step: every kind's, and `include`. */
export const STEP_KEYS: readonly string[] = [...STEP_KINDS.map((k) => k.key), INCLUDE_KEY];

/** The kind a raw step is written as (by its key), if any. */
export function kindOfRaw(raw: Record<string, unknown>): StepKindModule<Step> | undefined {
  return STEP_KINDS.find((k) => raw[k.key] !== undefined);
}

/** The module of a model step's kind. */
export function kindOf(kind: StepKind): StepKindModule<Step> {
  const found = STEP_KINDS.find((k) => k.kind === kind);
  if (!found) throw new HarnessError('IC_E_INTERNAL', `no step kind module for "${kind}"`);
  return found;
}
