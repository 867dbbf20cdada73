export { capture } from './capture.js';
export { interpolate, lookupVar, referencedVars, type Vars } from './interpolate.js';
export { pathSegments, readPath } from './read-path.js';
