export { isComparison, isTypeMarker, operatorOf } from './markers.js';
export {
  type MatchOptions,
  type MatchResult,
  type Mismatch,
  match,
  patternOf,
  rememberPattern,
} from './match.js';
export { compilePattern, markersIn, type Pattern, type PatternProblem } from './pattern.js';
