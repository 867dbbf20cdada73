export { normaliseData } from './normalise.js';
export { isRecord, notificationVariant } from './variant.js';
