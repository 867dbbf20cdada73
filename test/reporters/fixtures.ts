import { requirementResults } from '../../reporters/verdicts.js';
import type {
  HttpExchange,
  ReceivedMessage,
  Requirement,
  RunResult,
  ScenarioResult,
  StepResult,
} from '../../src/model/index.js';

/** Secrets planted across the fixture; none may appear in any written report. */
export const SECRETS = {
  password: 'pl4nted-Pa55word!',
  authorization: `Basic ${Buffer.from('agent01:pl4nted-Pa55word!').toString('base64')}`,
  cookie: 'JSESSIONID=pl4ntedSessionCookie42',
  cookieValue: 'pl4ntedSessionCookie42',
  csrf: 'pl4nted-csrf-token-7f3a9',
} as const;

/** The strings a leak check looks for (the password alone, and each credential as sent). */
export const PLANTED = [
  SECRETS.password,
  SECRETS.authorization.slice('Basic '.length),
  SECRETS.cookieValue,
  SECRETS.csrf,
];

export const FAILING_REQUIREMENT = 'IX-COMPLETE-01';
export const FAILING_SCENARIO = 'complete-answers-status-code';
export const FAILURE_REASON = 'body.statusCode: expected 0, got undefined (body was {"status":"ok"})';

const BASE = 'http://127.0.0.1:40123/api/v2';

export const CATALOGUE: Requirement[] = [
  req('IX-INVITE-01', 'MUST', 'core', 'notifications', 'A new interaction arrives as StatusChange Invited.'),
  req('IX-ACCEPT-01', 'MUST', 'core', 'Accept', 'Accept answers the success variant.'),
  req('IX-ACCEPT-02', 'MUST', 'core', 'Accept', 'Processing is notified with the processing capabilities.'),
  req('IX-COMPLETE-01', 'MUST', 'core', 'Complete', 'Complete answers {"statusCode":0}.'),
  req('IX-COMPLETE-02', 'MUST', 'core', 'Complete', 'Completed is notified with no capabilities.'),
  req('IX-LIST-03', 'SHOULD', 'core', 'GET /interactions', 'Lists active interactions, not completed ones.'),
  req('IX-UDATA-01', 'MUST', 'userdata', 'AttachUserData', 'AttachUserData answers the success variant.'),
  req('IX-UDATA-05', 'SHOULD', 'userdata', 'UpdateUserData', 'UpdateUserData merges nested objects.'),
  req('IX-TRANSFER-01', 'MUST', 'transfer', 'Transfer', 'Transfer answers {"statusCode":0}.'),
];

function req(
  id: string,
  level: Requirement['level'],
  profile: Requirement['profile'],
  operation: string,
  statement: string,
): Requirement {
  return { id, level, profile, operation, statement, quote: `(seed passage for ${id})`, basis: 'seed' };
}

function pos(file: string, line: number) {
  return { file, line, col: 5 };
}

function authHeaders(): Record<string, string> {
  return {
    authorization: SECRETS.authorization,
    cookie: SECRETS.cookie,
    'x-csrf-token': SECRETS.csrf,
    'content-type': 'application/json',
  };
}

function exchange(
  method: string,
  path: string,
  body: unknown,
  status: number,
  answer: unknown,
): HttpExchange {
  return {
    request: { method, url: `${BASE}${path}`, headers: authHeaders(), body },
    response: {
      status,
      headers: {
        'content-type': 'application/json',
        'set-cookie': `${SECRETS.cookie}; Path=/; HttpOnly`,
        'x-csrf-header': 'X-CSRF-TOKEN',
        'x-csrf-token': SECRETS.csrf,
      },
      body: answer,
      bodyText: JSON.stringify(answer),
    },
    durationMs: 3.2,
    attempts: 1,
  };
}

function stateMessage(
  actor: string,
  id: string,
  state: string,
  capabilities: string[],
  atMs: number,
): ReceivedMessage {
  return {
    actor,
    channel: '/v2/me/interactions',
    data: {
      channel: '/v2/me/interactions',
      data: {
        messageType: 'InteractionStateMessage',
        notificationType: 'StatusChange',
        interaction: {
          id,
          state,
          capabilities,
          mediaType: 'chat',
          // The target echoed a credential into user data: it must still not reach a report.
          userData: { note: `<script>alert(1)</script> token ${SECRETS.csrf}` },
          uri: `${BASE}/interactions/${id}`,
          path: `/interactions/${id}`,
        },
      },
    },
    atMs,
  };
}

type StepInit = Partial<StepResult> &
  Pick<StepResult, 'index' | 'kind' | 'title' | 'outcome' | 'requirements'>;

function step(file: string, init: StepInit): StepResult {
  return {
    pos: pos(file, 10 + init.index * 6),
    checks: [],
    startedAtMs: init.index * 20,
    durationMs: 12,
    ...init,
  };
}

function acceptThenComplete(): ScenarioResult {
  const file = 'suites/core/accept.yaml';
  const id = '00009a8T8Y130123';
  const invited = { ...stateMessage('alice', id, 'Invited', ['Accept', 'Reject'], 18), consumedBy: 1 };
  const processing = {
    ...stateMessage('alice', id, 'Processing', ['Complete', 'Transfer'], 47),
    consumedBy: 3,
  };
  return {
    scenarioId: 'accept-then-process',
    title: 'An invited agent accepts and gets Processing',
    file,
    pos: pos(file, 1),
    profile: 'core',
    tags: ['smoke'],
    requirements: ['IX-ACCEPT-01', 'IX-ACCEPT-02'],
    outcome: 'passed',
    startedAt: '2025-05-01T10:00:00.000Z',
    durationMs: 80,
    actors: { alice: 'agent01' },
    messages: [invited, processing],
    steps: [
      step(file, {
        index: 0,
        kind: 'provision',
        title: 'create a chat for alice',
        outcome: 'passed',
        requirements: ['IX-ACCEPT-01', 'IX-ACCEPT-02'],
      }),
      step(file, {
        index: 1,
        kind: 'message',
        title: 'alice is invited',
        outcome: 'passed',
        requirements: ['IX-INVITE-01'],
        messages: [invited],
        checks: [
          { name: 'message', passed: true, expected: { state: 'Invited' }, actual: { state: 'Invited' } },
        ],
      }),
      step(file, {
        index: 2,
        kind: 'http',
        title: 'alice accepts',
        outcome: 'passed',
        requirements: ['IX-ACCEPT-01'],
        exchange: exchange('POST', `/me/interactions/${id}`, { operationName: 'Accept' }, 200, {
          status: 'ok',
        }),
        checks: [
          { name: 'status', passed: true, expected: 200, actual: 200 },
          {
            name: 'variant Accept.success',
            passed: true,
            expected: 'Accept.success',
            actual: { status: 'ok' },
          },
        ],
      }),
      step(file, {
        index: 3,
        kind: 'message',
        title: 'alice gets Processing',
        outcome: 'passed',
        requirements: ['IX-ACCEPT-02'],
        messages: [processing],
        checks: [
          {
            name: 'message',
            passed: true,
            expected: { state: 'Processing' },
            actual: { state: 'Processing' },
          },
        ],
      }),
    ],
  };
}

function completeWrongFamily(): ScenarioResult {
  const file = 'suites/core/complete.yaml';
  const id = '00009a8T8Y130999';
  const processing = { ...stateMessage('bob', id, 'Processing', ['Complete'], 30), consumedBy: 1 };
  const answer = { status: 'ok' };
  return {
    scenarioId: FAILING_SCENARIO,
    title: 'Complete answers {"statusCode":0} & notifies <Completed>',
    file,
    pos: pos(file, 1),
    profile: 'core',
    tags: ['complete'],
    requirements: ['IX-COMPLETE-01', 'IX-COMPLETE-02'],
    outcome: 'failed',
    reason: `step 3 "bob completes": ${FAILURE_REASON}`,
    startedAt: '2025-05-01T10:00:00.100Z',
    durationMs: 95,
    actors: { bob: 'agent02' },
    messages: [processing, stateMessage('bob', id, 'Completed', [], 71)],
    steps: [
      step(file, {
        index: 0,
        kind: 'provision',
        title: 'create and accept a chat for bob',
        outcome: 'passed',
        requirements: ['IX-COMPLETE-01', 'IX-COMPLETE-02'],
      }),
      step(file, {
        index: 1,
        kind: 'message',
        title: 'bob processes it',
        outcome: 'passed',
        requirements: ['IX-ACCEPT-02'],
        messages: [processing],
      }),
      step(file, {
        index: 2,
        kind: 'http',
        title: 'bob completes',
        outcome: 'failed',
        requirements: ['IX-COMPLETE-01'],
        reason: FAILURE_REASON,
        exchange: exchange(
          'POST',
          `/me/interactions/${id}`,
          { operationName: 'Complete', comment: `my password is ${SECRETS.password}` },
          200,
          answer,
        ),
        checks: [
          { name: 'status', passed: true, expected: 200, actual: 200 },
          {
            name: 'variant Complete.success',
            passed: false,
            expected: 'Complete.success',
            actual: answer,
            message: FAILURE_REASON,
          },
        ],
      }),
      step(file, {
        index: 3,
        kind: 'message',
        title: 'bob gets Completed',
        outcome: 'skipped',
        requirements: ['IX-COMPLETE-02'],
        reason: 'an earlier step failed',
        blockedBy: {
          scenario: 'complete-answers-status-code',
          step: 2,
          title: 'alice completes',
          requirements: [FAILING_REQUIREMENT],
          reason: FAILURE_REASON,
        },
      }),
    ],
  };
}

function transferNotClaimed(): ScenarioResult {
  const file = 'suites/transfer/transfer.yaml';
  return {
    scenarioId: 'transfer-to-another-agent',
    title: 'Transfer hands the interaction over',
    file,
    pos: pos(file, 1),
    profile: 'transfer',
    tags: [],
    requirements: ['IX-TRANSFER-01'],
    outcome: 'not-applicable',
    reason: 'profile transfer is not claimed by the target',
    startedAt: '2025-05-01T10:00:00.200Z',
    durationMs: 0,
    actors: {},
    messages: [],
    steps: [],
  };
}

function attachWithHarnessError(): ScenarioResult {
  const file = 'suites/userdata/attach.yaml';
  const id = '00009a8T8Y130777';
  const ex = exchange(
    'POST',
    `/me/interactions/${id}`,
    { operationName: 'AttachUserData', userData: { a: 1 } },
    0,
    null,
  );
  const { response: _none, ...noResponse } = ex;
  return {
    scenarioId: 'attach-user-data',
    title: 'AttachUserData adds the pairs',
    file,
    pos: pos(file, 1),
    profile: 'userdata',
    tags: ['userdata'],
    requirements: ['IX-UDATA-01'],
    outcome: 'error',
    reason: 'step 1 "carol attaches": connection reset by the target (ECONNRESET)',
    startedAt: '2025-05-01T10:00:00.300Z',
    durationMs: 40,
    actors: { carol: 'agent03' },
    messages: [],
    steps: [
      step(file, {
        index: 0,
        kind: 'http',
        title: 'carol attaches',
        outcome: 'error',
        requirements: ['IX-UDATA-01'],
        reason: 'connection reset by the target (ECONNRESET)',
        exchange: { ...noResponse, error: 'ECONNRESET' },
      }),
    ],
  };
}

export function makeScenarios(): ScenarioResult[] {
  return [acceptThenComplete(), completeWrongFamily(), transferNotClaimed(), attachWithHarnessError()];
}

/** A realistic run: one failing MUST requirement, passes, a not-applicable scenario, a harness error. */
export function makeRun(scenarios: ScenarioResult[] = makeScenarios()): RunResult {
  const profilesClaimed: RunResult['profilesClaimed'] = ['core', 'userdata'];
  return {
    harnessVersion: '0.1.0',
    startedAt: '2025-05-01T10:00:00.000Z',
    durationMs: 512,
    target: { baseUrl: BASE, cometdUrl: `${BASE}/notifications`, embedded: true },
    dialect: 'envelope',
    readings: [],
    profilesClaimed,
    suiteDigest: 'a'.repeat(64),
    scenarios,
    requirements: requirementResults(CATALOGUE, scenarios, profilesClaimed),
  };
}
