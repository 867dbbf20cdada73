import { expectedName } from '../../model/suggest.js';
import { referencedVars } from '../vars/index.js';
import { checkTogetherReadings } from './build-together.js';
import type { ExpandedStep } from './fragments.js';
import { type LoadProblem, type Place, problemAt } from './problem.js';
import { checkStepReadings, type ReadingLookup } from './readings.js';

/** What the loader asks of the spec (src/spec's Spec provides it). */
export interface SpecLookup extends ReadingLookup {
  requirement(id: string): unknown;
  hasVariant(name: string): boolean;
  /** The catalogue, for suggestions. */
  requirements: ReadonlyArray<{ id: string }>;
  variantNames(): string[];
}

export interface ScenarioContext {
  spec: SpecLookup;
  actors: string[];
  /** The config's `names` keys; absent: any `names.*` is accepted. */
  names?: string[];
}

type Obj = Record<string, unknown>;

/** The place of something inside a step, or of the include it came from. */
function placeIn(step: ExpandedStep, sub: Array<string | number>): Place {
  return step.via?.place ?? step.source.placeOf([...step.path, ...sub]);
}

function inFragment(step: ExpandedStep): string {
  return step.via ? ` (in fragment "${step.via.fragment}")` : '';
}

export function checkRequirementIds(
  ids: unknown,
  placeOf: (index: number) => Place,
  spec: SpecLookup,
  suffix: string,
  problems: LoadProblem[],
): void {
  if (!Array.isArray(ids)) return;
  ids.forEach((id, index) => {
    if (spec.requirement(String(id)) === undefined) {
      problems.push(
        problemAt(placeOf(index), 'E_REQUIREMENT', `unknown requirement "${String(id)}"${suffix}`, {
          rule: 'requirement-exists',
          expected: expectedName(
            String(id),
            spec.requirements.map((r) => r.id),
            'an id from spec/requirements.yaml, e.g. IX-ACCEPT-01',
          ),
        }),
      );
    }
  });
}

/** Checks the expanded steps of one scenario in order: requirement ids, variants, actors and variables. */
export function checkSteps(steps: ExpandedStep[], ctx: ScenarioContext, problems: LoadProblem[]): void {
  const captured = new Set<string>();
  const labels = new Map<string, 'message' | 'other'>();
  for (const step of steps) {
    const raw = step.raw;
    checkRequirementIds(
      raw.requirements,
      (i) => placeIn(step, ['requirements', i]),
      ctx.spec,
      inFragment(step),
      problems,
    );
    for (const [actor, sub] of actorsNamed(raw)) {
      if (ctx.actors.includes(String(actor))) continue;
      problems.push(
        problemAt(placeIn(step, sub), 'E_ACTOR', `unknown actor "${String(actor)}"${inFragment(step)}`, {
          rule: 'actor-declared',
          expected: expectedName(
            String(actor),
            ctx.actors,
            ctx.actors.length > 0
              ? `one of the scenario's actors: ${ctx.actors.join(', ')}`
              : 'an actor declared under actors:',
          ),
        }),
      );
    }
    const variants: Array<[unknown, Array<string | number>]> = [
      [(raw.expect as Obj | undefined)?.variant, ['expect', 'variant']],
      [(raw.message as Obj | undefined)?.variant, ['message', 'variant']],
      ...togetherVariants(raw),
    ];
    for (const [variant, sub] of variants) {
      if (typeof variant === 'string' && !ctx.spec.hasVariant(variant)) {
        problems.push(
          problemAt(placeIn(step, sub), 'E_VARIANT', `unknown variant "${variant}"${inFragment(step)}`, {
            rule: 'variant-exists',
            expected: expectedName(
              variant,
              ctx.spec.variantNames(),
              'a name from spec/variants.yaml, e.g. Accept.success or Notification.StatusChange',
            ),
          }),
        );
      }
    }
    checkStepReadings(step, ctx.spec, problems);
    checkTogetherReadings(step, ctx.spec, problems);
    checkLabels(step, labels, problems);
    const { capture, ...rest } = raw;
    for (const name of new Set(referencedVars(rest))) {
      if (isDefined(name, captured, ctx)) continue;
      problems.push(
        problemAt(
          placeIn(step, findVar(rest, name)),
          'E_VAR_UNDEFINED',
          `undefined variable \${${name}}${inFragment(step)}`,
          {
            rule: 'variable-defined',
            expected: expectedName(name, knownVarNames(captured, ctx), knownVars(captured, ctx)),
          },
        ),
      );
    }
    if (capture !== null && typeof capture === 'object')
      for (const name of Object.keys(capture)) captured.add(name);
  }
}

function isDefined(name: string, captured: Set<string>, ctx: ScenarioContext): boolean {
  const [head = '', ...rest] = name.split('.');
  if (captured.has(head)) return true;
  if (ctx.actors.includes(head)) return rest.length === 1 && (rest[0] === 'userId' || rest[0] === 'username');
  if (head === 'names')
    return rest.length === 1 && (ctx.names === undefined || ctx.names.includes(rest[0] ?? ''));
  if (head === 'target') return rest.length === 1 && TARGET_VARS.includes(rest[0] ?? '');
  return false;
}

/** The built-in `${target.*}` variables: the run's resolved URLs. */
const TARGET_VARS = ['baseUrl', 'cometdUrl'];

function knownVarNames(captured: Set<string>, ctx: ScenarioContext): string[] {
  return [
    ...ctx.actors.flatMap((a) => [`${a}.userId`, `${a}.username`]),
    ...(ctx.names ?? []).map((n) => `names.${n}`),
    ...TARGET_VARS.map((n) => `target.${n}`),
    ...captured,
  ];
}

function knownVars(captured: Set<string>, ctx: ScenarioContext): string {
  return `an actor's userId/username, a config name, a target URL or an earlier capture: ${knownVarNames(captured, ctx).join(', ')}`;
}

/** The sub-path of the first string that mentions `${name}`, for the caret. */
function findVar(value: unknown, name: string, path: Array<string | number> = []): Array<string | number> {
  const found = (text: string) => referencedVars(text).includes(name);
  if (typeof value === 'string') return found(value) ? path : [];
  if (value === null || typeof value !== 'object') return [];
  for (const [key, item] of Object.entries(value)) {
    const sub = [...path, Array.isArray(value) ? Number(key) : key];
    if (typeof item === 'string' ? found(item) : false) return sub;
    if (found(key)) return sub;
    if (item !== null && typeof item === 'object') {
      const deeper = findVar(item, name, sub);
      if (deeper.length > 0) return deeper;
    }
  }
  return [];
}

/** Every actor a step names, with where: the step's own, or each request of a together step. */
function actorsNamed(raw: Obj): Array<[unknown, Array<string | number>]> {
  const kind = ['http', 'message', 'no-message'].find((k) => raw[k] !== undefined);
  if (kind !== undefined) return [[(raw[kind] as Obj).actor, [kind, 'actor']]];
  const requests = (raw.together as Obj | undefined)?.requests;
  if (!Array.isArray(requests)) return [];
  return requests.map((r, i) => [(r as Obj).actor, ['together', 'requests', i, 'actor']]);
}

/** The success and refusal variants of a together step's requests (their defaults come from the operation). */
function togetherVariants(raw: Obj): Array<[unknown, Array<string | number>]> {
  const requests = (raw.together as Obj | undefined)?.requests;
  if (!Array.isArray(requests)) return [];
  return (requests as Obj[]).flatMap((r, i) => {
    const op = (r.body as Obj | undefined)?.operationName;
    const named = (key: 'success' | 'refusal', suffix: string): [unknown, Array<string | number>] => {
      const given = (r[key] as Obj | undefined)?.variant;
      if (given !== undefined) return [given, ['together', 'requests', i, key, 'variant']];
      return [
        typeof op === 'string' ? `${op}${suffix}` : undefined,
        ['together', 'requests', i, 'body', 'operationName'],
      ];
    };
    return [named('success', '.success'), named('refusal', '.failure')];
  });
}

/**
 * Labels are unique in a scenario; `since` names an earlier labelled step, `after` an earlier labelled
 * message step (its message is the one to be ordered after).
 */
function checkLabels(
  step: ExpandedStep,
  labels: Map<string, 'message' | 'other'>,
  problems: LoadProblem[],
): void {
  const raw = step.raw;
  const message = raw.message as Obj | undefined;
  const refer = (key: 'since' | 'after') => {
    const name = message?.[key];
    if (typeof name !== 'string') return;
    const kind = labels.get(name);
    const ok = kind !== undefined && (key === 'since' || kind === 'message');
    if (ok) return;
    const candidates = [...labels.entries()]
      .filter(([, k]) => key === 'since' || k === 'message')
      .map(([n]) => n);
    problems.push(
      problemAt(
        placeIn(step, ['message', key]),
        'E_LABEL',
        `${key}: no earlier ${key === 'after' ? 'message step' : 'step'} labelled "${name}"${inFragment(step)}`,
        {
          rule: 'label-defined',
          expected: expectedName(
            name,
            candidates,
            candidates.length > 0
              ? `one of ${candidates.join(', ')}`
              : `a label: on an earlier ${key === 'after' ? 'message ' : ''}step`,
          ),
        },
      ),
    );
  };
  refer('since');
  refer('after');
  if (typeof raw.label !== 'string') return;
  if (labels.has(raw.label)) {
    problems.push(
      problemAt(
        placeIn(step, ['label']),
        'E_LABEL',
        `label "${raw.label}" is already used in this scenario${inFragment(step)}`,
        {
          rule: 'label-unique',
          expected: 'a label used once per scenario',
        },
      ),
    );
    return;
  }
  labels.set(raw.label, message !== undefined ? 'message' : 'other');
}
