import { expectedName } from '../../model/suggest.js';
import { kindOfRaw } from '../kinds/registry.js';
import { type Named, valuesAt } from '../kinds/types.js';
import { referencedVars } from '../vars/index.js';
import { checkStepPatterns } from './check-patterns.js';
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

/** For a step that comes from a fragment: which one, and the step's own line in the fragment's file. */
function inFragment(step: ExpandedStep): string {
  if (!step.via) return '';
  const at = step.source.placeOf(step.path);
  return ` (in fragment "${step.via.fragment}", ${at.file}:${at.line}:${at.col})`;
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
        problemAt(placeOf(index), 'IC_E_REQUIREMENT', `unknown requirement "${String(id)}"${suffix}`, {
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
    const kind = kindOfRaw(raw);
    for (const [actor, sub] of namedAt(raw, kind?.actorPaths ?? [], kind?.actorsNamed)) {
      if (actor === undefined) continue;
      // An actor written {{…}} outside a fragment is already reported as a misplaced parameter.
      if (!ctx.actors.includes(String(actor)) && !String(actor).includes('{{')) {
        problems.push(
          problemAt(placeIn(step, sub), 'IC_E_ACTOR', `unknown actor "${String(actor)}"${inFragment(step)}`, {
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
    }
    for (const [variant, sub] of namedAt(raw, kind?.variantPaths ?? [], kind?.variantsNamed)) {
      if (typeof variant === 'string' && !ctx.spec.hasVariant(variant)) {
        problems.push(
          problemAt(placeIn(step, sub), 'IC_E_VARIANT', `unknown variant "${variant}"${inFragment(step)}`, {
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
    checkRequestReadings(step, ctx.spec, problems);
    checkStepPatterns(step, problems, inFragment(step));
    checkLabels(step, labels, problems);
    const { capture, ...rest } = raw;
    for (const name of new Set(referencedVars(rest))) {
      if (isDefined(name, captured, ctx)) continue;
      problems.push(
        problemAt(
          placeIn(step, findVar(rest, name)),
          'IC_E_VAR_UNDEFINED',
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

/** The values a kind names at its fixed sub-paths, plus those its own function finds (e.g. each request). */
function namedAt(
  raw: Obj,
  paths: Array<Array<string | number>>,
  more: ((raw: Obj) => Named) | undefined,
): Named {
  return [...valuesAt(raw, paths), ...(more?.(raw) ?? [])];
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
        'IC_E_LABEL',
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
        'IC_E_LABEL',
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

/** The reading of each request of a step that sends several (together): its point and options. */
function checkRequestReadings(step: ExpandedStep, lookup: ReadingLookup, problems: LoadProblem[]): void {
  const requests = (step.raw.together as Obj | undefined)?.requests;
  if (!Array.isArray(requests)) return;
  (requests as Obj[]).forEach((r, i) => {
    if (r.reading === undefined) return;
    checkStepReadings(
      { ...step, raw: { reading: r.reading }, path: [...step.path, 'together', 'requests', i] },
      lookup,
      problems,
    );
  });
}
