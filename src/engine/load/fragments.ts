// biome-ignore-all lint/suspicious/noTemplateCurlyInString: scenario variables are written ${name}
import { expectedName } from '../../model/suggest.js';
import { PARAM, paramNames, templateVariables, wholeParam } from '../vars/index.js';
import type { Place } from './problem.js';
import { type LoadProblem, problemAt } from './problem.js';
import type { NodePath, YamlSource } from './yaml-source.js';

export type RawStep = Record<string, unknown>;

/** A step as written, with where it was written. */
export interface StepRef {
  raw: RawStep;
  source: YamlSource;
  path: NodePath;
}

/** A step after `include` expansion; `via` is the scenario's include step it came from. */
export interface ExpandedStep extends StepRef {
  via?: { place: Place; fragment: string };
}

export interface FragmentDef {
  name: string;
  params: string[];
  steps: StepRef[];
  source: YamlSource;
  path: NodePath;
  /** Its file failed the schema: includes of it are not reported again. */
  broken: boolean;
}

/** Collects the `fragments:` of a file into the shared table; a name defined twice is a problem. */
export function collectFragments(
  source: YamlSource,
  broken: boolean,
  table: Map<string, FragmentDef>,
  problems: LoadProblem[],
  /** A library file: its fragments only fill names the suites do not define themselves. */
  library = false,
): void {
  const fragments = (source.value as { fragments?: unknown } | null)?.fragments;
  if (fragments === null || typeof fragments !== 'object') return;
  for (const [name, def] of Object.entries(fragments as Record<string, unknown>)) {
    const path: NodePath = ['fragments', name];
    const first = table.get(name);
    if (first && library) continue;
    if (first) {
      const firstPlace = first.source.placeOf(first.path, true);
      problems.push(
        problemAt(source.placeOf(path, true), 'IC_E_DUPLICATE_ID', `fragment "${name}" is already defined`, {
          rule: 'unique-fragment',
          expected: `a name not used at ${firstPlace.file}:${firstPlace.line}:${firstPlace.col}`,
        }),
      );
      continue;
    }
    const body = (def ?? {}) as { params?: unknown; steps?: unknown };
    const params = Array.isArray(body.params) ? body.params.map(String) : [];
    const steps = Array.isArray(body.steps)
      ? body.steps.map((raw, i) => ({ raw: raw as RawStep, source, path: [...path, 'steps', i] }))
      : [];
    if (!broken) checkParamUses(steps, params, `fragment "${name}"`, problems);
    table.set(name, { name, params, steps, source, path, broken });
  }
}

/** Replaces `{{param}}` with the include's arguments; run-time `${variables}` stay for the run. */
export function substituteParams(value: unknown, args: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = wholeParam(value);
    if (whole !== undefined && Object.hasOwn(args, whole)) return args[whole];
    return value.replace(PARAM, (all: string, name: string) => {
      if (!Object.hasOwn(args, name)) return all;
      const arg = args[name];
      return typeof arg === 'string' ? arg : JSON.stringify(arg);
    });
  }
  if (Array.isArray(value)) return value.map((item) => substituteParams(item, args));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[String(substituteParams(key, args))] = substituteParams(item, args);
    return out;
  }
  return value;
}

/**
 * Checks the parameters a fragment's steps use: `{{name}}` must be declared under `params`, and a
 * declared parameter written as a run-time variable `${name}` is a mistake (it would never be replaced).
 * In a scenario's own steps (`params` undefined) `{{…}}` has no meaning.
 */
export function checkParamUses(
  steps: StepRef[],
  params: string[] | undefined,
  where: string,
  problems: LoadProblem[],
): void {
  for (const step of steps) {
    walkStrings(step.raw, [], (text, sub, key) => {
      for (const name of paramNames(text)) {
        if (params?.includes(name)) continue;
        problems.push(
          problemAt(
            step.source.placeOf([...step.path, ...sub], key),
            'IC_E_FRAGMENT_PARAM',
            params === undefined
              ? `{{${name}}} outside a fragment: fragment parameters exist only in a fragment's steps`
              : `unknown parameter {{${name}}} in ${where}`,
            {
              rule: 'fragment-params',
              expected:
                params === undefined
                  ? 'a run-time variable ${name}, or move the steps into a fragment with params'
                  : expectedName(
                      name,
                      params,
                      params.length > 0
                        ? `one of ${params.map((p) => `{{${p}}}`).join(', ')}`
                        : 'declare it under params:',
                    ),
            },
          ),
        );
      }
      if (params === undefined) return;
      for (const name of templateVariables(text)) {
        if (!params.includes(name)) continue;
        problems.push(
          problemAt(
            step.source.placeOf([...step.path, ...sub], key),
            'IC_E_FRAGMENT_PARAM',
            `\${${name}} is a run-time variable, but ${name} is a parameter of ${where}`,
            { rule: 'fragment-params', expected: `did you mean {{${name}}}?` },
          ),
        );
      }
    });
  }
}

function walkStrings(
  value: unknown,
  path: NodePath,
  visit: (text: string, path: NodePath, key: boolean) => void,
): void {
  if (typeof value === 'string') visit(value, path, false);
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) walkStrings(item, [...path, i], visit);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      visit(key, [...path, key], true);
      walkStrings(item, [...path, key], visit);
    }
}

const MAX_DEPTH = 20;

/** Expands `include` steps in place (recursively), reporting unknown fragments and parameter mistakes. */
export function expandSteps(
  steps: StepRef[],
  table: Map<string, FragmentDef>,
  problems: LoadProblem[],
  via?: ExpandedStep['via'],
  stack: string[] = [],
): ExpandedStep[] {
  const out: ExpandedStep[] = [];
  for (const step of steps) {
    if (!('include' in step.raw)) {
      out.push(via ? { ...step, via } : step);
      continue;
    }
    const name = String(step.raw.include);
    const place = via?.place ?? step.source.placeOf(step.path);
    const fragment = table.get(name);
    if (!fragment) {
      problems.push(
        problemAt(
          step.source.placeOf([...step.path, 'include']),
          'IC_E_FRAGMENT',
          `unknown fragment "${name}"`,
          {
            rule: 'fragment-exists',
            expected: expectedName(
              name,
              [...table.keys()].sort(),
              table.size > 0
                ? `one of ${[...table.keys()].sort().join(', ')}`
                : 'a fragment defined under fragments:',
            ),
          },
        ),
      );
      continue;
    }
    if (fragment.broken) continue;
    if (stack.includes(name) || stack.length >= MAX_DEPTH) {
      problems.push(
        problemAt(
          step.source.placeOf([...step.path, 'include']),
          'IC_E_FRAGMENT_CYCLE',
          `fragment "${name}" includes itself`,
          {
            rule: 'no-cycle',
            expected: `an include chain without loops (${[...stack, name].join(' → ')})`,
          },
        ),
      );
      continue;
    }
    const args = (step.raw.with ?? {}) as Record<string, unknown>;
    const missing = fragment.params.filter((p) => !Object.hasOwn(args, p));
    const extra = Object.keys(args).filter((a) => !fragment.params.includes(a));
    for (const p of missing) {
      problems.push(
        problemAt(
          step.source.placeOf(step.path),
          'IC_E_FRAGMENT_PARAM',
          `missing parameter "${p}" for fragment "${name}"`,
          {
            rule: 'fragment-params',
            expected: `with: { ${fragment.params.map((x) => `${x}: …`).join(', ')} }`,
          },
        ),
      );
    }
    for (const a of extra) {
      problems.push(
        problemAt(
          step.source.placeOf([...step.path, 'with', a], true),
          'IC_E_FRAGMENT_PARAM',
          `fragment "${name}" has no parameter "${a}"`,
          {
            rule: 'fragment-params',
            expected: expectedName(
              a,
              // A parameter already given is not what a misspelt one meant.
              missing,
              fragment.params.length > 0 ? `one of ${fragment.params.join(', ')}` : 'no parameters',
            ),
          },
        ),
      );
    }
    if (missing.length > 0) continue;
    const inner = fragment.steps.map((s) => ({ ...s, raw: substituteParams(s.raw, args) as RawStep }));
    out.push(...expandSteps(inner, table, problems, via ?? { place, fragment: name }, [...stack, name]));
  }
  return out;
}
