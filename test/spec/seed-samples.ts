/**
 * Every request and answer sample of the seed (spec/seed.txt), with its commas mended and its
 * placeholders given values of the evident type (errata E-20): `details` → a string, `an integer value
 * above 0` → 2, `queue-name` / `workbin-identifier(s)` / `a unique Agent identifier` → names.
 */
export interface SeedOperationSample {
  /** The operationName the sample sends. */
  operationName: string;
  request: Record<string, unknown>;
  success: unknown;
  failure: unknown;
}

const statusOk = { status: 'ok' };
const statusError = { status: 'error', errorDescription: 'details' };
const userData = {
  field1: 'value1',
  field2: 'value2',
  field3: { fieldA: 'valueA', fieldB: 'valueB' },
};

export const SEED_OPERATION_SAMPLES: SeedOperationSample[] = [
  { operationName: 'Accept', request: { operationName: 'Accept' }, success: statusOk, failure: statusError },
  { operationName: 'Reject', request: { operationName: 'Reject' }, success: statusOk, failure: statusError },
  {
    operationName: 'Cancel',
    request: { operationName: 'Cancel' },
    success: { status: 0 },
    failure: { statusCode: 2, statusMessage: 'details' },
  },
  {
    operationName: 'Complete',
    request: { operationName: 'Complete' },
    success: { statusCode: 0 },
    failure: { statusCode: 2, statusMessage: 'details' },
  },
  {
    operationName: 'PlaceInQueue',
    request: { operationName: 'PlaceInQueue', queueName: 'support' },
    success: statusOk,
    failure: statusError,
  },
  {
    operationName: 'UpdateUserData',
    request: { operationName: 'UpdateUserData', userData },
    success: statusOk,
    failure: statusError,
  },
  {
    operationName: 'AttachUserData',
    request: { operationName: 'AttachUserData', userData },
    success: statusOk,
    failure: statusError,
  },
  {
    operationName: 'DeleteUserData',
    request: { operationName: 'DeleteUserData', userData },
    success: statusOk,
    failure: statusError,
  },
  {
    operationName: 'PlaceInWorkbin',
    request: { operationName: 'PlaceInWorkbin', workbin: 'followup' },
    success: statusOk,
    failure: statusError,
  },
  {
    operationName: 'GetWorkbinContent',
    request: { operationName: 'GetWorkbinContent', workbin: 'followup' },
    success: statusOk,
    failure: statusError,
  },
  {
    operationName: 'Transfer',
    request: { operationName: 'Transfer', userId: 'agent02' },
    success: { statusCode: 0 },
    failure: { statusCode: 2, statusMessage: 'details' },
  },
];

/** The listing samples of `GET /me/interactions`, the URI verbatim (`fields=*` lists interactions in the notification format). */
export const SEED_URI_LIST = {
  statusCode: 0,
  uris: ['http://.../api/v2/interactions/00009a8T8Y130123'],
};

export const SAMPLE_INTERACTION = {
  id: '00009a8T8Y130123',
  state: 'Processing',
  capabilities: [
    'Complete',
    'Transfer',
    'PlaceInQueue',
    'PlaceInWorkbin',
    'AttachUserData',
    'UpdateUserData',
    'DeleteUserData',
  ],
  mediaType: 'chat',
  userData,
  uri: 'http://host:8090/api/v2/interactions/00009a8T8Y130123',
  path: '/interactions/00009a8T8Y130123',
};

export const SEED_INTERACTION_LIST = { statusCode: 0, interactions: [SAMPLE_INTERACTION] };
