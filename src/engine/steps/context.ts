import type { Dialect, ReadingPoint } from '../../model/index.js';
import type { ActorHttp } from '../http/index.js';
import type { MessageLog } from '../notifications/index.js';
import type { Vars } from '../vars/index.js';

/** What the steps need from the spec: `Spec.validate` has this shape. */
export interface VariantValidator {
  validate(
    variant: string,
    body: unknown,
    opts?: { dialect?: Dialect },
  ): { ok: true } | { ok: false; issues: Array<{ pointer: string; rule: string; message: string }> };
  hasVariant?(name: string): boolean;
}

export interface CreateRequest {
  mediaType: 'chat' | 'email' | 'workitem';
  /** A userId (actor names are resolved before this point). */
  agent?: string;
  queue?: string;
  userData?: Record<string, unknown>;
}

/** Creates interactions on the target and resets it; throws a `ProvisionError` when it cannot. */
export interface Provisioner {
  readonly kind: 'http' | 'command' | 'none';
  reset(): Promise<void>;
  create(request: CreateRequest): Promise<{ id: string }>;
}

/** The run-wide settings every step reads. */
export interface StepEnv {
  /** The API base, ending in `/api/v2`. */
  baseUrl: string;
  dialect: Dialect;
  /** The reading catalogue (spec/readings.yaml). */
  readings: ReadonlyMap<string, ReadingPoint>;
  requestMs: number;
  validator: VariantValidator;
  provisioner: Provisioner;
}

/** A leased actor during one scenario. */
export interface LiveActor {
  name: string;
  userId: string;
  username: string;
  http: ActorHttp;
}

/** The state of one running scenario, shared by its steps. */
export interface ScenarioContext {
  env: StepEnv;
  vars: Vars;
  actors: Map<string, LiveActor>;
  log: MessageLog;
  /** `performance.now()` when the scenario started; step times are relative to it. */
  startedAt: number;
  /** The scenario's own requirement ids, used when a step names none. */
  requirements: string[];
  /** Reading point → the option this scenario's steps observed (for `when`). */
  observed: Map<string, string>;
  /** Ids of the interactions this scenario's provision steps created (for the cleanup). */
  provisioned: string[];
  /**
   * Labelled steps: where each began (the message log's mark) and, for a message step, the arrival
   * number of the (last) message it consumed. Read by `since` and `after`.
   */
  labels: Map<string, { mark: number; seq?: number }>;
  /**
   * The quiet period of the latest no-message step: its index and when the period began, so that
   * consecutive no-message steps share one window instead of adding theirs up.
   */
  quiet?: { lastIndex: number; since: number };
}
