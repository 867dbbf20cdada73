import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { SpecError } from './errors.js';
import { packageRoot } from './paths.js';

// Loaded on first use: with the build's compiled spec, loading the spec parses no YAML at all.
const require = createRequire(import.meta.url);
let parseYaml: ((text: string) => unknown) | undefined;

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
    parseYaml ??= (require('yaml') as typeof import('yaml')).parse;
    return parseYaml(text);
  } catch (err) {
    throw new SpecError('SPEC_FILE_INVALID', `${shown}: ${(err as Error).message}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
