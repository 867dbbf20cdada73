import type { ProvisionAction, ProvisionStep } from '../../model/index.js';
import { runProvisionStep } from '../steps/provision-step.js';
import { type BuildInput, type StepKindModule, valuesAt } from './types.js';

type Obj = Record<string, unknown>;
const MEDIA_TYPES = ['chat', 'email', 'workitem'];

function buildProvision(raw: unknown, problem: BuildInput['problem']): ProvisionAction | undefined {
  if (raw === 'reset') return { action: 'reset' };
  const create = (raw as { create: Obj }).create;
  const mediaType = String(create.mediaType);
  if (!MEDIA_TYPES.includes(mediaType)) {
    problem(
      ['provision'],
      'IC_E_SCHEMA',
      `unknown mediaType "${mediaType}"`,
      `one of ${MEDIA_TYPES.join(', ')}`,
    );
    return undefined;
  }
  return {
    action: 'create',
    mediaType: mediaType as 'chat' | 'email' | 'workitem',
    ...(create.agent !== undefined ? { agent: String(create.agent) } : {}),
    ...(create.queue !== undefined ? { queue: String(create.queue) } : {}),
    ...(create.userData !== undefined ? { userData: create.userData as Obj } : {}),
  };
}

/** `provision:` — reset the target or create an interaction through the configured provisioner. */
export const provisionKind: StepKindModule<ProvisionStep> = {
  kind: 'provision',
  key: 'provision',
  schemaDef: 'provisionStep',
  actorPaths: [],
  variantPaths: [],
  patterns: (raw) => ({ matched: [], sent: valuesAt(raw, [['provision']]) }),
  build({ block, base, title, problem }) {
    const provision = buildProvision(block, problem);
    if (!provision) return undefined;
    const derived =
      provision.action === 'reset'
        ? 'reset the target'
        : `create a ${provision.mediaType} interaction${provision.agent ? ` for ${provision.agent}` : ''}${provision.queue ? ` in ${provision.queue}` : ''}`;
    return { kind: 'provision', ...base, title: title(derived), provision };
  },
  run: runProvisionStep,
};
