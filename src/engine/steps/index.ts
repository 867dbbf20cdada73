export type {
  CreateRequest,
  LiveActor,
  Provisioner,
  ScenarioContext,
  StepEnv,
  VariantValidator,
} from './context.js';
export { createProvisioner, ProvisionError } from './provisioner.js';
export { check, describeError, skippedStep } from './result.js';
export { statusMatches } from './status.js';
