export type { SpecLookup } from './check-scenario.js';
export { DURATION_HELP, parseDuration } from './duration.js';
export { formatProblem, problemLocation } from './format-problem.js';
export { type LoadSuitesOptions, type LoadSuitesResult, loadSuites } from './load-suites.js';
export type { LoadProblem, Place } from './problem.js';
export { schemaProblems, specSchemaValidator } from './schema-problems.js';
export { type NodePath, parseYamlSource, type YamlSource } from './yaml-source.js';
