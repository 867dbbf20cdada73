/**
 * The plain data model that flows from the loader through the runner to every reporter.
 * Everything here is serialisable JSON data: no classes, no transport objects, and this module
 * imports nothing, so every layer can depend on it.
 */

/** A place in a source file (1-based line and column). */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export type Level = 'MUST' | 'SHOULD';

export const PROFILES = ['core', 'userdata', 'queue', 'workbin', 'transfer', 'email', 'admin'] as const;
export type Profile = (typeof PROFILES)[number];

/**
 * Where a requirement's statement comes from: the seed itself (a sentence, a table row, a sample),
 * the platform's public documentation (cited in spec/errata.md), or a decision of this project where
 * both are silent. A `decision` is never a MUST.
 */
export type Basis = 'seed' | 'platform' | 'decision';

/** The notification dialect: the default envelope, or the older flat messages. */
export type Dialect = 'envelope' | 'flat';

/** One entry of spec/requirements.yaml. */
export interface Requirement {
  id: string;
  /** A verbatim passage of the seed document (whitespace folded). */
  quote: string;
  /** What the target must do, in the project's words. */
  statement: string;
  /** An operationName, or an endpoint such as `GET /me/interactions`, or `notifications`, `auth`. */
  operation: string;
  level: Level;
  profile: Profile;
  basis: Basis;
  /** Id of the errata entry this requirement relies on, when it rests on a project decision. */
  errata?: string;
  /** Reading points (spec/readings.yaml) that hold the details where defensible answers differ. */
  readings?: string[];
}

// ---------------------------------------------------------------------------------------------
// Readings: the points the seed leaves open (spec/readings.yaml)
// ---------------------------------------------------------------------------------------------

/** One defensible answer to an open point. */
export interface ReadingOption {
  name: string;
  /** What it looks like on the wire, in one line. */
  wire: string;
  /** The http expectation that recognises it, where a scenario names the point without its own. */
  expect: HttpExpectation;
}

/** One point where the seed is silent, with the answers a faithful server may give. */
export interface ReadingPoint {
  id: string;
  question: string;
  errata?: string;
  /** The requirements whose details this point holds. */
  requirements: string[];
  options: ReadingOption[];
  /** The option the reference server takes by default. */
  reference: string;
  /** The option the reference server takes with `--readings alternate`. */
  alternate: string;
}

/** Declared readings: point id → the options the target is expected to show. */
export type DeclaredReadings = Record<string, string[]>;

/** Which option a step saw for a point. */
export interface ReadingObservation {
  point: string;
  option: string;
}

// ---------------------------------------------------------------------------------------------
// Scenarios (what the loader produces; fragments are already expanded, variables are not)
// ---------------------------------------------------------------------------------------------

export type ActorRole = 'agent' | 'admin' | 'norole';

export interface ActorSpec {
  /** The scenario's local name for the actor, e.g. `alice`. */
  name: string;
  role: ActorRole;
  /** Open a CometD session for this actor (default true for agents, false otherwise). */
  cometd: boolean;
  /**
   * `session`: the CometD session is authenticated by the session cookie of an earlier authenticated
   * request alone (no Authorization header on any Bayeux request). Absent: the actor's Basic credentials.
   */
  cometdAuth?: 'session';
}

export interface Scenario {
  id: string;
  title: string;
  file: string;
  pos: SourcePos;
  requirements: string[];
  profile: Profile;
  tags: string[];
  actors: ActorSpec[];
  /** Runs alone, with only its own actors connected (outcome depends on the target's routing). */
  exclusive: boolean;
  /** Fail the scenario when a message that no step consumed is left at its end. */
  noUnexpectedMessages: boolean;
  /** Rounds: the whole scenario runs this many times (default 1) and fails on the first failing round. */
  repeat?: number;
  steps: Step[];
}

/**
 * Values to capture: variable name → JSON pointer or dotted path, read from the step's record:
 * `{ status, headers, body }` for an http step (`/body/interaction/id` or `body.interaction.id`), the
 * consumed message `{ channel, data }` for a message step (`/data/interaction/id`), the provision
 * result `{ id }` for a provision step (`/id`).
 */
export type Captures = Record<string, string>;

interface StepBase {
  /** Human title; the loader derives one when the file gives none. */
  title: string;
  /** Where the step is in the scenario: for a step from a fragment, the scenario's `include`. */
  pos: SourcePos;
  /** For a step from a fragment: where it is written in the fragment's file. */
  origin?: SourcePos;
  /**
   * Run the step only when these readings were observed earlier in the scenario with one of these
   * options (point id → options); otherwise the step is not applicable.
   */
  when?: Record<string, string[]>;
  /**
   * Requirement ids this step checks, **instead of** the scenario's: a failure of this step counts
   * against these ids only. Empty: the step stands for every requirement of the scenario.
   */
  requirements: string[];
  capture?: Captures;
  /** A name later message steps refer to (`since`, `after`). */
  label?: string;
}

export interface HttpExpectation {
  /** Exact status, a list, or a class such as `2xx`; absent means the profile's default. */
  status?: number | number[] | string;
  /** A variant name from spec/variants.yaml, e.g. `Complete.success`. */
  variant?: string;
  /** Expected body, matched with the matcher rules (partial unless `exact`). */
  body?: unknown;
  exact?: boolean;
  headers?: Record<string, unknown>;
}

export interface HttpStep extends StepBase {
  kind: 'http';
  actor: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Relative to the target's `/api/v2` base. */
  path: string;
  query?: Record<string, string>;
  /** A JSON value, or raw text when `rawBody` is set. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * Absent: the actor's Basic credentials and cookies. `session`: the actor's cookie jar (its
   * `JSESSIONID`) and no Authorization header. `none`: no credentials and no cookies. Explicit
   * credentials: those instead of the actor's, without cookies.
   */
  auth?: 'none' | 'session' | { username: string; password: string };
  /** Repeat until the expectation holds or this many milliseconds pass. */
  retryForMs?: number;
  timeoutMs?: number;
  expect: HttpExpectation;
  /**
   * A point where the seed is silent, shown by this answer: the answer must match one of the
   * options' expectations (on top of `expect`); the first that matches is recorded as observed.
   */
  reading?: StepReading;
}

export interface StepReading {
  point: string;
  /** Option name → expectation; every option of the point, defaulted from the catalogue. */
  options: Record<string, HttpExpectation>;
}

export interface MessageStep extends StepBase {
  kind: 'message';
  actor: string;
  channel: string;
  match: unknown;
  exact?: boolean;
  /** A variant name such as `Notification.StatusChange`, checked on the raw message. */
  variant?: string;
  withinMs: number;
  /** How many matching messages must arrive (default 1); each is consumed. */
  count: number;
  /** The window opens where the step with this label began, instead of at the latest action step. */
  since?: string;
  /** The message must have arrived after the one the message step with this label consumed. */
  after?: string;
}

export interface NoMessageStep extends StepBase {
  kind: 'no-message';
  actor: string;
  channel: string;
  /** Absent: no message at all. */
  match?: unknown;
  withinMs: number;
}

export type ProvisionAction =
  | { action: 'reset' }
  | {
      action: 'create';
      mediaType: 'chat' | 'email' | 'workitem';
      /** An actor name (resolved to its userId) or a literal userId. */
      agent?: string;
      queue?: string;
      userData?: Record<string, unknown>;
    };

export interface ProvisionStep extends StepBase {
  kind: 'provision';
  provision: ProvisionAction;
}

export interface WaitStep extends StepBase {
  kind: 'wait';
  ms: number;
}

/** One request of a `together` step: an http request and what success and refusal look like. */
export interface TogetherRequest {
  actor: string;
  method: HttpStep['method'];
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** A success answer (default: the `<operationName>.success` variant). */
  success: HttpExpectation;
  /** A point where the seed is silent, shown by a success answer (e.g. accept-reject-success-body). */
  reading?: StepReading;
  /** A refusal (default: the `<operationName>.failure` variant, HTTP status by business-error-http-status). */
  refusal: HttpExpectation;
}

/**
 * Several requests released at once (a barrier holds each request's last byte until every one is on
 * the wire), then judged as a set: how many succeeded, and every other one refused.
 */
export interface TogetherStep extends StepBase {
  kind: 'together';
  requests: TogetherRequest[];
  /** `one`: exactly one succeeded; `all`: every one succeeded; a number: exactly that many. */
  succeed: 'one' | 'all' | number;
}

export type Step = HttpStep | MessageStep | NoMessageStep | ProvisionStep | WaitStep | TogetherStep;
export type StepKind = Step['kind'];
/** A result no step of the file produced: a check the engine applies to the whole scenario. */
/** A step result's kind: a scenario step's, `connect` (opening the actors' CometD sessions before the first step) or `check` (an engine check after the steps). */
export type ResultKind = StepKind | 'connect' | 'check';

export interface Suite {
  file: string;
  /** sha256 of the file's bytes. */
  digest: string;
  scenarios: Scenario[];
}

// ---------------------------------------------------------------------------------------------
// Results (what the runner produces; reporters read only these)
// ---------------------------------------------------------------------------------------------

/**
 * passed / failed (the target broke the contract) / error (the harness, the network or the input
 * broke: not a verdict on the contract) / skipped (an earlier step failed) / not-applicable.
 */
export type Outcome = 'passed' | 'failed' | 'error' | 'skipped' | 'not-applicable';

/** One comparison: every expectation of a step is evaluated so that all mismatches are shown. */
export interface CheckResult {
  /** e.g. `status`, `variant Complete.success`, `body`, `message`, `no-message`. */
  name: string;
  passed: boolean;
  expected: unknown;
  actual: unknown;
  /** One readable sentence, e.g. `body.statusCode: expected 0, got 2`. */
  message?: string;
  /**
   * The requirement this check stands for, when not the step's own (e.g. the content type every JSON
   * answer must declare): a requirement fails only through a failing check that names it.
   */
  requirement?: string;
  /**
   * A failure of this check does not stop the scenario: the steps after it do not depend on what it
   * judged (a content type, a notification lost with its session). The step still fails.
   */
  independent?: boolean;
}

/** Header values are already redacted where secret. */
export interface HttpExchange {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: unknown;
  };
  response?: {
    status: number;
    headers: Record<string, string>;
    /** Parsed JSON when it parses, else the raw text. */
    body?: unknown;
    bodyText?: string;
  };
  /** Transport failure (timeout, refused, reset), when there was no response. */
  error?: string;
  /** What kind of transport failure `error` is (see docs/blame.md). */
  errorKind?: TransportFailureKind;
  durationMs: number;
  /** How many attempts a retrying step made. */
  attempts: number;
}

/**
 * Why an exchange with the target broke below the contract. All but `harness` are the target's
 * failures (docs/blame.md): refused, reset (after the request was sent), closed early (in the middle
 * of the answer), timeout (no complete answer within the bound), too-large, protocol (not HTTP).
 */
export type TransportFailureKind =
  | 'refused'
  | 'reset'
  | 'closed-early'
  | 'timeout'
  | 'too-large'
  | 'protocol'
  | 'harness';

export interface ReceivedMessage {
  actor: string;
  channel: string;
  /** The message as it arrived (raw dialect). */
  data: unknown;
  /** Milliseconds since the scenario started. */
  atMs: number;
  /** Index of the step that consumed it, if any. */
  consumedBy?: number;
}

export interface StepResult {
  /** Position in the scenario (0-based); -1 for the `connect` step that opens the CometD sessions. */
  index: number;
  kind: ResultKind;
  title: string;
  pos: SourcePos;
  /** For a step from a fragment: where it is written in the fragment's file. */
  origin?: SourcePos;
  outcome: Outcome;
  /** Requirement ids this step's checks stand for (step's own, else the scenario's). */
  requirements: string[];
  checks: CheckResult[];
  exchange?: HttpExchange;
  /** The exchanges of a `together` step, in the order of its requests. */
  exchanges?: HttpExchange[];
  /** Messages this step consumed (message) or saw and objected to (no-message). */
  messages?: ReceivedMessage[];
  /** Readings this step observed. */
  readings?: ReadingObservation[];
  /** Milliseconds since the scenario started. */
  startedAtMs: number;
  durationMs: number;
  /** Why it failed or errored, in one or two lines. */
  reason?: string;
  /**
   * For an `error` outcome: the harness-side cause as a stable `IC_E_…` code (the provisioner, a
   * transport, the scenario's input, the harness itself). Never set for the target's failures,
   * which are `failed` steps with their checks.
   */
  errorCode?: string;
  /** For a skipped step: the step that failed before it and the requirements that step stands for. */
  blockedBy?: BlockedBy;
}

/** The failure that kept a step, a scenario or a requirement from being judged. */
export interface BlockedBy {
  /** The scenario whose step failed (for a whole scenario blocked by the run's breaker: the last one). */
  scenario: string;
  /** Index of the failing step (-1: the CometD connect step); absent when no step is to blame. */
  step?: number;
  /** That step's title. */
  title?: string;
  /** The requirements the failing step stands for. */
  requirements: string[];
  /** Why, in words (e.g. `the target reset the connection after the request was sent`). */
  reason: string;
}

/** Something that happened to an actor's CometD session, shown in its timeline. */
export interface SessionEvent {
  actor: string;
  /** Milliseconds since the scenario started. */
  atMs: number;
  /**
   * session-lost: the server said `402::Unknown client` (it dropped the session); rehandshake: the
   * client made a new session and subscribed again; connect-failed: a long poll got no answer.
   */
  kind: 'session-lost' | 'rehandshake' | 'connect-failed';
  detail: string;
}

export interface ScenarioResult {
  scenarioId: string;
  title: string;
  file: string;
  pos: SourcePos;
  profile: Profile;
  tags: string[];
  requirements: string[];
  outcome: Outcome;
  reason?: string;
  /** For an `error` outcome: the `IC_E_…` code of its harness-side cause (see StepResult.errorCode). */
  errorCode?: string;
  /** ISO timestamp. */
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  /** Every CometD message each actor received during the scenario. */
  messages: ReceivedMessage[];
  /** Actor name → userId. */
  actors: Record<string, string>;
  /**
   * Interactions the scenario's cleanup could not end (absent when it ended everything it found):
   * they stay on the target. Never part of the verdict.
   */
  leftovers?: Leftover[];
  /** What happened to the actors' CometD sessions (a lost session, a new handshake), in time order. */
  events?: SessionEvent[];
  /**
   * Set when the scenario was not run because a failure repeated across the run (the target stopped
   * answering, every handshake failed) or the run's budget was spent: it is `skipped`, and its
   * requirements are blocked by this.
   */
  blockedBy?: BlockedBy;
  /** For a scenario with `repeat`: the rounds planned, the rounds run, and the first failing one. */
  rounds?: { planned: number; run: number; failed?: number };
}

/** An interaction the scenario created or its actors held, still live on the target after cleanup. */
export interface Leftover {
  id: string;
  /** Its state when last seen (e.g. `Queued`, `InWorkbin`, `Processing`). */
  state?: string;
  /** The scenario actor who held it, when one did. */
  actor?: string;
  reason: string;
}

/**
 * blocked: no check judged it because a failure of another requirement stopped the scenarios that
 * cover it (see `blockedBy`).
 */
export type RequirementVerdict = 'pass' | 'fail' | 'not-applicable' | 'not-run' | 'blocked';

export interface RequirementResult {
  id: string;
  level: Level;
  basis: Basis;
  profile: Profile;
  operation: string;
  statement: string;
  verdict: RequirementVerdict;
  scenarios: string[];
  /** Why it is not run, blocked or not applicable, in words. */
  why?: string;
  /** What blocked it (verdict `blocked`). */
  blockedBy?: BlockedBy;
  /** Set when a baseline entry excused a failure. */
  knownFailure?: { reason: string; expires?: string };
}

/** What the run saw at one open point, and whether it is what was declared. */
export interface ReadingResult {
  point: string;
  question: string;
  errata?: string;
  /** Each option seen, with the scenarios that showed it. */
  observed: Array<{ option: string; scenarios: string[] }>;
  /** The options declared for the target, when a declaration names this point. */
  declared?: string[];
  /**
   * observed / not-observed without a declaration; as-declared / differs / not-observed with one.
   * `differs` fails the gate.
   */
  status: 'observed' | 'not-observed' | 'as-declared' | 'differs';
}

export interface RunResult {
  harnessVersion: string;
  startedAt: string;
  durationMs: number;
  target: { baseUrl: string; cometdUrl: string; embedded: boolean };
  dialect: Dialect;
  /** The declared readings and where they came from (a file, or `reference`), when any were declared. */
  readingsDeclared?: { source: string; options: DeclaredReadings };
  /** One entry per point of the reading catalogue. */
  readings: ReadingResult[];
  profilesClaimed: Profile[];
  /** sha256 over the suite files' digests, in path order. */
  suiteDigest: string;
  /**
   * The slice this run was: `selected` counts the scenarios the filters select over all shards and
   * `exclusive` those of them that form shard 0, so that a merge can tell a shard is missing.
   */
  shard?: { index: number; count: number; selected?: number; exclusive?: number };
  scenarios: ScenarioResult[];
  requirements: RequirementResult[];
}
