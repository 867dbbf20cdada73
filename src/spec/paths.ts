import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecError } from './errors.js';

let cachedRoot: string | undefined;

/**
 * The folder holding the project's package.json: found by walking up from this module, so the same
 * code works from `src/` (vitest) and from `dist/src/` (the built package).
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new SpecError('SPEC_ROOT_NOT_FOUND', `no package.json above ${start}`);
    }
    dir = parent;
  }
}

/** The `spec/` folder: the contract as data. */
export function specDir(): string {
  return join(packageRoot(), 'spec');
}
