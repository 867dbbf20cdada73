/** A bad command line: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  readonly code = 'E_USAGE';
}

/** Repeatable options may also carry comma-separated lists: `--reporter json,html`. */
export function listOption(values: string | string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return (Array.isArray(values) ? values : [values])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
