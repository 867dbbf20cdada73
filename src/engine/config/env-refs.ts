import type { LoadProblem } from '../load/problem.js';
import { problemAt } from '../load/problem.js';
import type { NodePath, YamlSource } from '../load/yaml-source.js';

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${env:NAME}` in every string of the file's value; an unset variable is a problem at its place. */
export function resolveEnvRefs(
  value: unknown,
  env: Record<string, string | undefined>,
  source: YamlSource,
  problems: LoadProblem[],
  path: NodePath = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (all: string, name: string) => {
      const found = env[name];
      if (found !== undefined) return found;
      problems.push(
        problemAt(source.placeOf(path), 'IC_E_ENV_UNSET', `environment variable ${name} is not set`, {
          rule: 'env-set',
          expected: `${name} set in the environment (it stands for ${all})`,
        }),
      );
      return '';
    });
  }
  if (Array.isArray(value))
    return value.map((item, i) => resolveEnvRefs(item, env, source, problems, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveEnvRefs(v, env, source, problems, [...path, k])]),
    );
  }
  return value;
}
