import type { ReadingPoint } from '../model/index.js';
import { checkDeclaredReadings, loadSpec, readingsOf } from '../spec/index.js';
import { ServerError } from './errors.js';

/**
 * The readings the server takes where the seed is silent (spec/readings.yaml): `reference` (every
 * point's reference option), `alternate` (every point's alternate option), or a map point → option
 * laid over the reference options.
 */
export type ServerReadings = 'reference' | 'alternate' | Readonly<Record<string, string>>;

/** The options in force; `is` is checked at the one place each point changes behaviour. */
export interface ReadingSet {
  is(point: string, option: string): boolean;
  /** Point → option, for every point of the catalogue. */
  readonly chosen: Readonly<Record<string, string>>;
  /** The points whose option is not the reference one, in catalogue order. */
  readonly differing: ReadonlyArray<{ point: string; option: string }>;
}

function single(points: ReadingPoint[], which: 'reference' | 'alternate'): Record<string, string> {
  return Object.fromEntries(
    Object.entries(readingsOf(points, which)).map(([id, [option = '']]) => [id, option]),
  );
}

/**
 * Point → option for every point: the base (`reference` or `alternate`) with `overrides` on top.
 * An unknown point or option is a ServerError (UNKNOWN_READING) naming the known ones.
 */
export function chooseReadings(
  base: 'reference' | 'alternate',
  overrides: Readonly<Record<string, string>> = {},
  points: ReadingPoint[] = loadSpec().readings,
): Record<string, string> {
  const problems = checkDeclaredReadings(
    points,
    Object.fromEntries(Object.entries(overrides).map(([id, option]) => [id, [option]])),
  );
  if (problems.length > 0) throw new ServerError('UNKNOWN_READING', problems.join('; '));
  return { ...single(points, base), ...overrides };
}

/** Checks the readings against the catalogue and answers the switch the server's code consults. */
export function resolveReadings(readings: ServerReadings = 'reference'): ReadingSet {
  const points = loadSpec().readings;
  if (typeof readings === 'string' && readings !== 'reference' && readings !== 'alternate') {
    throw new ServerError(
      'UNKNOWN_READING',
      `readings must be reference, alternate or a map point → option, not ${JSON.stringify(readings)}`,
    );
  }
  const chosen =
    typeof readings === 'string'
      ? chooseReadings(readings, {}, points)
      : chooseReadings('reference', readings, points);
  const byId = new Map(points.map((p) => [p.id, p]));
  const is = (point: string, option: string): boolean => {
    // A misspelt point or option in the server's own code would silently never fire: fail loudly.
    const p = byId.get(point);
    if (p === undefined || !p.options.some((o) => o.name === option))
      throw new ServerError('UNKNOWN_READING', `no reading ${point}=${option} in spec/readings.yaml`);
    return chosen[point] === option;
  };
  const differing = points
    .filter((p) => chosen[p.id] !== p.reference)
    .map((p) => ({ point: p.id, option: chosen[p.id] ?? '' }));
  return { is, chosen, differing };
}
