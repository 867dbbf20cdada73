import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';

export interface SuiteFiles {
  /** Files given or found in the given folders, in path order. */
  files: string[];
  /** `fragments/` files next to explicitly given files, loaded for their fragments only. */
  fragmentFiles: string[];
  /** Paths that do not exist. */
  missing: string[];
  /** The bundled fragment library not already among the files above: loaded for its fragments only. */
  libraryFiles: string[];
}

const isYaml = (name: string) => ['.yaml', '.yml'].includes(extname(name));

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(full)));
    else if (entry.isFile() && isYaml(entry.name)) found.push(full);
  }
  return found;
}

async function kind(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/**
 * Resolves files and folders (recursively, *.yaml and *.yml) to absolute file paths, and lists the
 * files of the fragment library (`library`, the bundled `suites/fragments/` by default) that are not
 * among them, so any suite folder can include the bundled fragments.
 */
export async function collectSuiteFiles(paths: string[], library?: string): Promise<SuiteFiles> {
  const files = new Set<string>();
  const missing: string[] = [];
  const fragmentDirs = new Set<string>();
  for (const path of paths) {
    const abs = resolve(path);
    const k = await kind(abs);
    if (k === 'dir') for (const f of await walk(abs)) files.add(f);
    else if (k === 'file') {
      files.add(abs);
      // A single suite still sees the shared fragments of its folder (or of its parent, from inside fragments/).
      fragmentDirs.add(join(dirname(abs), 'fragments'));
      if (basename(dirname(abs)) === 'fragments') fragmentDirs.add(dirname(abs));
    } else missing.push(path);
  }
  const fragmentFiles = new Set<string>();
  for (const dir of fragmentDirs) {
    if ((await kind(dir)) !== 'dir') continue;
    for (const f of await walk(dir)) if (!files.has(f)) fragmentFiles.add(f);
  }
  const libraryFiles: string[] = [];
  if (library !== undefined && (await kind(library)) === 'dir')
    for (const f of await walk(resolve(library)))
      if (!files.has(f) && !fragmentFiles.has(f)) libraryFiles.push(f);
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    files: [...files].sort(byPath),
    fragmentFiles: [...fragmentFiles].sort(byPath),
    missing,
    libraryFiles: libraryFiles.sort(byPath),
  };
}
