export { isComparison, isTypeMarker, operatorOf } from './markers.js';
export { type MatchOptions, type MatchResult, type Mismatch, match } from './match.js';
