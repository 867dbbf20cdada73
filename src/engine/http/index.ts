export { ActorHttp, type ActorHttpOptions } from './actor-http.js';
export { Barrier } from './barrier.js';
export { basicAuthorization } from './basic-auth.js';
export { CookieJar } from './cookie-jar.js';
export { CsrfState, isCsrfRefusal } from './csrf.js';
export {
  classifyTransportError,
  type ExchangeProgress,
  isTargetFailure,
  type TransportErrorKind,
  type TransportFailure,
} from './errors.js';
export { HttpPools } from './pools.js';
export { AnswerTooLarge, MAX_ANSWER_BYTES, readLimited } from './read-limited.js';
export { REDACTED, redactHeaders } from './redact.js';
export type { Credentials, HttpOutcome, HttpRequestSpec, HttpTransport } from './types.js';
