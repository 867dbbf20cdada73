import { HarnessError } from '../engine/errors.js';

/** A bad command line: printed with the command's help, exit code 2. */
export class UsageError extends HarnessError {
  constructor(message: string) {
    super('IC_E_USAGE', message);
    this.name = 'UsageError';
  }
}

/** Repeatable options may also carry comma-separated lists: `--reporter json,html`. */
export function listOption(values: string | string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return (Array.isArray(values) ? values : [values])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
