import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Each folder and the folders it may import from (besides itself and npm packages), like Playwright's
 * DEPS lists. Every folder of the sources has its entry (checked below), so a new folder must say
 * where it stands. `src/engine` alone is the engine's root files (`errors.ts`), below every other.
 */
const ENGINE = (...folders: string[]) => folders.map((f) => `src/engine/${f}`);
const ALLOWED: Record<string, string[]> = {
  'src/model': [],
  'src/spec': ['src/model'],
  'src/server': ['src/model', 'src/spec'],
  reporters: ['src/model', 'src/spec'],
  'src/engine': [],
  'src/engine/vars': ['src/engine'],
  'src/engine/match': ['src/engine', 'src/model', ...ENGINE('vars')],
  'src/engine/dialect': ['src/model'],
  'src/engine/http': ['src/engine', 'src/model'],
  'src/engine/cometd': ['src/engine', ...ENGINE('http')],
  'src/engine/notifications': ['src/model', ...ENGINE('cometd', 'dialect', 'http')],
  'src/engine/steps': [
    'src/engine',
    'src/model',
    ...ENGINE('config', 'dialect', 'http', 'match', 'notifications', 'vars'),
  ],
  'src/engine/kinds': ['src/engine', 'src/model', ...ENGINE('steps')],
  'src/engine/load': ['src/engine', 'src/model', 'src/spec', ...ENGINE('kinds', 'match', 'vars')],
  'src/engine/readings': ['src/model', ...ENGINE('load')],
  'src/engine/config': ['src/model', 'src/spec', 'reporters', ...ENGINE('load', 'notifications')],
  'src/engine/run': [
    'src/engine',
    'src/model',
    'src/spec',
    'reporters',
    ...ENGINE('config', 'http', 'kinds', 'load', 'notifications', 'steps'),
  ],
  // Only the command line joins the engine to the reference server (it starts the embedded target).
  'src/cli': [
    'src/engine',
    'src/model',
    'src/spec',
    'src/server',
    'reporters',
    ...ENGINE('config', 'load', 'readings', 'run'),
  ],
  // src/index.ts: the package's programmatic entry.
  src: ['src/cli', 'src/model', 'src/server', 'src/spec', ...ENGINE('config', 'load', 'run')],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(file: string): string | undefined {
  return Object.keys(ALLOWED)
    .filter((layer) => file === layer || file.startsWith(`${layer}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Relative imports of a file, as paths from the project root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

/** npm packages a file imports (the package name of each bare specifier). */
function packagesOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^.'][^']*)'/g)].map((m) => {
    const parts = (m[1] ?? '').split('/');
    return (m[1] ?? '').startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  });
}

describe('import boundaries', () => {
  it('keep every folder to its list: the server and the engine share only the spec and the model', () => {
    const violations: string[] = [];
    for (const file of [...sourceFiles('src'), ...sourceFiles('reporters')]) {
      const own = layerOf(file);
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (to === undefined || to === own) continue;
        if (!(ALLOWED[own ?? ''] ?? []).includes(to)) violations.push(`${file} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has a list for every folder of the sources', () => {
    const folders = new Set(
      [...sourceFiles('src'), ...sourceFiles('reporters')].map((file) =>
        dirname(file).split('/').slice(0, 3).join('/'),
      ),
    );
    const unlisted = [...folders].filter((folder) => !Object.hasOwn(ALLOWED, folder));
    expect(unlisted).toEqual([]);
  });

  it('keeps the WebSocket package to the notification transports', () => {
    const users = [...sourceFiles('src'), ...sourceFiles('reporters')].filter((file) =>
      packagesOf(file).includes('ws'),
    );
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((file) => !file.startsWith('src/engine/notifications/'))).toEqual([]);
  });

  it('sees the imports it checks (the check itself can fail)', () => {
    expect(importsOf('src/server/index.ts').some((t) => t.startsWith('src/'))).toBe(true);
    expect(layerOf('src/engine/run/run-conformance.ts')).toBe('src/engine/run');
    expect(layerOf('src/engine/errors.ts')).toBe('src/engine');
    expect(layerOf('src/index.ts')).toBe('src');
    // A step kind importing the runner would be caught.
    expect(ALLOWED['src/engine/kinds']).not.toContain('src/engine/run');
  });
});
