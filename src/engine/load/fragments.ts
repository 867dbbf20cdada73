import { expectedName } from '../../model/suggest.js';
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
): void {
  const fragments = (source.value as { fragments?: unknown } | null)?.fragments;
  if (fragments === null || typeof fragments !== 'object') return;
  for (const [name, def] of Object.entries(fragments as Record<string, unknown>)) {
    const path: NodePath = ['fragments', name];
    const first = table.get(name);
    if (first) {
      const firstPlace = first.source.placeOf(first.path, true);
      problems.push(
        problemAt(source.placeOf(path, true), 'E_DUPLICATE_ID', `fragment "${name}" is already defined`, {
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
    table.set(name, { name, params, steps, source, path, broken });
  }
}

/** Replaces `${param}` for the given parameters only; other variables stay for the run. */
export function substituteParams(value: unknown, args: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}$/.exec(value);
    if (whole && Object.hasOwn(args, whole[1] ?? '')) return args[whole[1] ?? ''];
    return value.replace(
      /(\$?)\$\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}/g,
      (all: string, escaped: string, name: string) => {
        if (escaped !== '' || !Object.hasOwn(args, name)) return all;
        const arg = args[name];
        return typeof arg === 'string' ? arg : JSON.stringify(arg);
      },
    );
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
          'E_FRAGMENT',
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
          'E_FRAGMENT_CYCLE',
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
          'E_FRAGMENT_PARAM',
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
          'E_FRAGMENT_PARAM',
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
