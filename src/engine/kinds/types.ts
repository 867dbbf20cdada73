import type { Step, StepKind, StepReading, StepResult } from '../../model/index.js';
import type { ErrorCode } from '../errors.js';
import type { ScenarioContext } from '../steps/context.js';

type Obj = Record<string, unknown>;
/** Values found in a raw step, each with its sub-path below the step. */
export type Named = Array<[unknown, Array<string | number>]>;

/** The values present at fixed sub-paths of a raw step. */
export function valuesAt(raw: Obj, paths: Array<Array<string | number>>): Named {
  return paths.flatMap((sub): Named => {
    let current: unknown = raw;
    for (const key of sub) {
      if (current === null || typeof current !== 'object') return [];
      current = (current as Record<string | number, unknown>)[key];
    }
    return current === undefined ? [] : [[current, sub]];
  });
}

/** What every step shares, already built from the YAML by the loader. */
export type StepBase = Pick<Step, 'pos' | 'origin' | 'requirements' | 'when' | 'capture' | 'label'>;

/** What a kind's `build` gets: its raw step, where it is, the config's defaults, and helpers. */
export interface BuildInput {
  raw: Obj;
  /** The kind's own block (`raw[key]`). */
  block: unknown;
  base: StepBase;
  /** The step's title when the file gives one, else `derived`. */
  title(derived: string): string;
  /** A duration at a sub-path of the step; a problem (and `undefined`) when it is not one. */
  duration(value: unknown, ...sub: Array<string | number>): number | undefined;
  /** Reports a problem at a sub-path of the step. */
  problem(sub: Array<string | number>, code: ErrorCode, message: string, expected: string): void;
  /** The model's reading of a step's `reading:` (its options, defaulted from the catalogue). */
  reading(raw: unknown): StepReading | undefined;
  defaults: StepDefaults;
}

/** The config's defaults, applied when the suite loads. */
export interface StepDefaults {
  /** Default `within` of a message step (timeouts.message). */
  messageTimeoutMs: number;
  /** Default `within` of a no-message step (timeouts.quiet). */
  quietMs: number;
  /** Default `retry.for` of a GET on a listing (timeouts.settle). */
  settleMs: number;
}

/**
 * One kind of step, whole: its YAML key, the `$defs` entry of spec/scenario.schema.json that
 * describes it, the sub-paths the loader checks (actors, variants), how it becomes the model's Step and how it runs. Adding a kind
 * is one such module and one line in `registry.ts`.
 */
export interface StepKindModule<S extends Step = Step> {
  /** The model's `kind`. */
  kind: S['kind'] & StepKind;
  /** The YAML key that makes a step of this kind, e.g. `no-message`. */
  key: string;
  /** Its schema fragment: the `$defs` entry of spec/scenario.schema.json (kept in step by a test). */
  schemaDef: string;
  /** Sub-paths (below the step) that name an actor of the scenario, checked at load. */
  actorPaths: Array<Array<string | number>>;
  /** Sub-paths that name a variant of spec/variants.yaml, checked at load. */
  variantPaths: Array<Array<string | number>>;
  /** Actors named where no fixed path reaches (each request of a list), with where; checked at load. */
  actorsNamed?(raw: Obj): Array<[unknown, Array<string | number>]>;
  /** Variants named or implied where no fixed path reaches, with where; checked at load. */
  variantsNamed?(raw: Obj): Array<[unknown, Array<string | number>]>;
  /**
   * Where its patterns are, with where: `matched` values (markers and regexes allowed, compiled at
   * load) and `sent` values (a marker there would go out as is: a load error).
   */
  patterns?(raw: Obj): { matched: Named; sent: Named };
  /** The model's step from a schema-valid raw step; `undefined` after reporting a problem. */
  build(input: BuildInput): S | undefined;
  /** Runs it; never throws for the target's misbehaviour. */
  run(step: S, index: number, ctx: ScenarioContext): Promise<StepResult>;
  /** The notification channels an actor must be subscribed to for this step (optional). */
  listensTo?(step: S): { actor: string; channel: string } | undefined;
}
