import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each layer and the layers it may import from (besides itself and npm packages). */
const ALLOWED: Record<string, string[]> = {
  'src/model': [],
  'src/spec': ['src/model'],
  'src/server': ['src/model', 'src/spec'],
  reporters: ['src/model', 'src/spec'],
  'src/engine': ['src/model', 'src/spec', 'reporters'],
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

describe('import boundaries', () => {
  it('keep the layers apart: the server and the engine share only the spec and the model', () => {
    const violations: string[] = [];
    for (const layer of Object.keys(ALLOWED)) {
      for (const file of sourceFiles(layer)) {
        for (const target of importsOf(file)) {
          const to = layerOf(target);
          const own = layerOf(file);
          if (to === undefined || to === own) continue;
          if (!(ALLOWED[own ?? ''] ?? []).includes(to)) violations.push(`${file} imports ${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('sees the imports it checks (the check itself can fail)', () => {
    expect(importsOf('src/server/index.ts').some((t) => t.startsWith('src/'))).toBe(true);
    expect(layerOf('src/engine/run/run-conformance.ts')).toBe('src/engine');
  });
});
