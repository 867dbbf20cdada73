import { HarnessError } from '../errors.js';

/**
 * Splits a JSON pointer (`/a/0/b`, RFC 6901 escapes) or a dotted path (`a[0].b`, `a.0.b`) into
 * segments. An empty pointer or path means the whole value.
 */
export function pathSegments(pointerOrPath: string): string[] {
  if (pointerOrPath === '' || pointerOrPath === '/') return pointerOrPath === '/' ? [''] : [];
  if (pointerOrPath.startsWith('/')) {
    return pointerOrPath
      .slice(1)
      .split('/')
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  const segments: string[] = [];
  for (const part of pointerOrPath.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new HarnessError('IC_E_PATH', `bad path "${pointerOrPath}"`, { path: pointerOrPath });
    if (m[1]) segments.push(m[1]);
    for (const index of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(index[1] ?? '');
  }
  return segments;
}

/** Reads a value by JSON pointer or dotted path; `undefined` when any part is missing. */
export function readPath(source: unknown, pointerOrPath: string): unknown {
  let current = source;
  for (const segment of pathSegments(pointerOrPath)) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
