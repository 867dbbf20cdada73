export { capture } from './capture.js';
export { interpolate, interpolateString, lookupVar, referencedVars, type Vars } from './interpolate.js';
export { pathSegments, readPath } from './read-path.js';
export {
  isTemplateProblem,
  PARAM,
  paramNames,
  parseTemplate,
  type Template,
  type TemplatePart,
  type TemplateProblem,
  templateVariables,
  wholeParam,
} from './template.js';
