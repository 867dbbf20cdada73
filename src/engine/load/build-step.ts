import type { SourcePos, Step } from '../../model/index.js';
import { kindOfRaw } from '../kinds/registry.js';
import type { StepDefaults } from '../kinds/types.js';
import { DURATION_HELP, parseDuration } from './duration.js';
import type { ExpandedStep } from './fragments.js';
import { type LoadProblem, problemAt } from './problem.js';
import { buildReading, buildWhen, type ReadingLookup } from './readings.js';

export { DEFAULT_CHANNEL } from '../kinds/channel.js';

/** The config's defaults, and the reading catalogue for `reading:` steps. */
export type BuildOptions = StepDefaults & { readings: ReadingLookup };

/**
 * Turns a schema-valid, expanded step into the model's Step: what every step shares here, the rest
 * by its kind's module (src/engine/kinds/); `undefined` when it cannot be built.
 */
export function buildStep(step: ExpandedStep, opts: BuildOptions, problems: LoadProblem[]): Step | undefined {
  const { raw } = step;
  const kind = kindOfRaw(raw);
  if (!kind) return undefined;
  const place = (...sub: Array<string | number>) =>
    step.via?.place ?? step.source.placeOf([...step.path, ...sub]);
  const p = place();
  const pos: SourcePos = { file: p.file, line: p.line, col: p.col };
  const when = buildWhen(raw.when);
  const written = step.via ? step.source.placeOf(step.path) : undefined;
  const base = {
    pos,
    ...(written ? { origin: { file: written.file, line: written.line, col: written.col } } : {}),
    ...(when ? { when } : {}),
    requirements: Array.isArray(raw.requirements) ? raw.requirements.map(String) : [],
    ...(raw.capture ? { capture: raw.capture as Record<string, string> } : {}),
    ...(typeof raw.label === 'string' ? { label: raw.label } : {}),
  };
  return kind.build({
    raw,
    block: raw[kind.key],
    base,
    title: (derived) => (typeof raw.title === 'string' ? raw.title : derived),
    duration: (value, ...sub) => {
      const ms = parseDuration(value);
      if (ms === undefined)
        problems.push(
          problemAt(place(...sub), 'IC_E_DURATION', `bad duration ${JSON.stringify(value)}`, {
            rule: 'duration',
            expected: DURATION_HELP,
          }),
        );
      return ms;
    },
    problem: (sub, code, message, expected) =>
      problems.push(problemAt(place(...sub), code, message, { rule: 'enum', expected })),
    reading: (value) => buildReading(value, opts.readings),
    defaults: opts,
  });
}
