export { defaultConfig } from './defaults.js';
export {
  CONFIG_FILE_NAME,
  type LoadConfigOptions,
  type LoadConfigResult,
  loadConfig,
} from './load-config.js';
export {
  CONFIG_ENV,
  type ConfigFlags,
  type Credential,
  type HarnessConfig,
  type ProvisionerConfig,
} from './types.js';
