/** The package's programmatic API: the model, the spec, the engine's run and the reference server. */

export { main } from './cli/main.js';
export { loadConfig } from './engine/config/index.js';
export { formatProblem, loadSuites } from './engine/load/index.js';
export { runConformance, runScenario, selectScenarios, shardScenarios } from './engine/run/index.js';
export type * from './model/index.js';
export { startReferenceServer } from './server/index.js';
export { loadSpec } from './spec/index.js';
