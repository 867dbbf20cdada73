import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import { SpecError } from './errors.js';
import { packageRoot } from './paths.js';

/** Reads a YAML or JSON file under spec/ (JSON is YAML), with the file named in any error. */
export function readSpecFile(path: string): unknown {
  const shown = relative(packageRoot(), path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SpecError('SPEC_FILE_UNREADABLE', `${shown}: ${(err as Error).message}`);
  }
  try {
    return parse(text);
  } catch (err) {
    throw new SpecError('SPEC_FILE_INVALID', `${shown}: ${(err as Error).message}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
