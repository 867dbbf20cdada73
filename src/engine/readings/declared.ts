import { readFileSync } from 'node:fs';
import type { DeclaredReadings, ReadingPoint, ReadingResult } from '../../model/index.js';
import { expectedName } from '../../model/suggest.js';
import { type LoadProblem, problemAt } from '../load/problem.js';
import { parseYamlSource } from '../load/yaml-source.js';

/** Names that stand for a declaration shipped with the project rather than a file. */
export const BUILT_IN_READINGS = ['reference', 'alternate'] as const;

export interface Declared {
  /** `reference`, `alternate` or the file's path. */
  source: string;
  options: DeclaredReadings;
}

/**
 * The readings declared for the target: the reference server's (`reference`), its alternate ones
 * (`alternate`), or a file written by `run --write-readings`:
 *
 *     readings:
 *       business-error-http-status: http-4xx
 *       queued-state-name: [Queued, Revoked]
 *
 * Unknown points and options are problems at their file:line:col, with "did you mean".
 */
export function loadDeclaredReadings(
  source: string | undefined,
  points: readonly ReadingPoint[],
): { declared?: Declared; problems: LoadProblem[] } {
  if (source === undefined) return { problems: [] };
  if (source === 'reference' || source === 'alternate')
    return {
      declared: { source, options: Object.fromEntries(points.map((p) => [p.id, [p[source]]])) },
      problems: [],
    };
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (err) {
    return {
      problems: [
        {
          code: 'IC_E_FILE',
          file: source,
          line: 0,
          col: 0,
          message: `cannot read the declared readings: ${(err as Error).message}`,
          expected: 'a file written by run --write-readings, or "reference"',
        },
      ],
    };
  }
  const yaml = parseYamlSource(source, text);
  if (yaml.problems.length > 0) return { problems: yaml.problems };
  const map = (yaml.value as { readings?: unknown } | null)?.readings;
  if (map === null || typeof map !== 'object' || Array.isArray(map))
    return {
      problems: [
        problemAt(yaml.placeOf([]), 'IC_E_READING', 'a readings file holds a `readings:` map', {
          expected: 'readings: { <point>: <option> | [<option>, …] }',
        }),
      ],
    };
  const problems: LoadProblem[] = [];
  const options: DeclaredReadings = {};
  for (const [id, value] of Object.entries(map as Record<string, unknown>)) {
    const point = points.find((p) => p.id === id);
    if (!point) {
      problems.push(
        problemAt(yaml.placeOf(['readings', id], true), 'IC_E_READING', `unknown reading "${id}"`, {
          expected: expectedName(
            id,
            points.map((p) => p.id),
            'a point of spec/readings.yaml',
          ),
        }),
      );
      continue;
    }
    const names = Array.isArray(value) ? value.map(String) : [String(value)];
    const known = point.options.map((o) => o.name);
    for (const [i, name] of names.entries())
      if (!known.includes(name))
        problems.push(
          problemAt(
            yaml.placeOf(Array.isArray(value) ? ['readings', id, i] : ['readings', id]),
            'IC_E_READING',
            `reading ${id} has no option "${name}"`,
            { expected: expectedName(name, known, `one of ${known.join(', ')}`) },
          ),
        );
    options[id] = names;
  }
  return problems.length > 0 ? { problems } : { declared: { source, options }, problems };
}

/** The file `--write-readings` writes: the options observed, ready to be declared with `--readings`. */
export function renderObservedReadings(
  results: readonly ReadingResult[],
  target: string,
  when: string,
): string {
  const lines = [
    '# Readings observed: how the target answers where the seed is silent (spec/readings.yaml).',
    `# Target ${target}, ${when}. Declare them with \`run --readings <this file>\`: a later run that`,
    '# observes another option for a point fails the gate, naming it.',
  ];
  const observed = results.filter((r) => r.observed.length > 0);
  lines.push(observed.length === 0 ? 'readings: {}' : 'readings:');
  for (const r of observed) {
    const options = r.observed.map((o) => o.option);
    lines.push(`  ${r.point}: ${options.length === 1 ? options[0] : `[${options.join(', ')}]`}`);
  }
  const unseen = results.filter((r) => r.observed.length === 0).map((r) => r.point);
  if (unseen.length > 0) lines.push(`# not observed in this run: ${unseen.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
