import type { LoadProblem } from './problem.js';

/**
 * Renders a problem the way Hurl does: a one-line description, `--> file:line:col`, the source line
 * with a caret under the span, then what was expected.
 */
export function formatProblem(p: LoadProblem): string {
  const lines = [`error: ${p.message} (${p.code})`, `  --> ${problemLocation(p)}`];
  if (p.sourceLine !== undefined) {
    const gutter = ' '.repeat(String(p.line).length);
    const text = p.sourceLine.replace(/\t/g, ' ');
    const width = Math.max(1, Math.min(p.length ?? 1, text.length - (p.col - 1)));
    lines.push(
      `${gutter} |`,
      `${p.line} | ${text}`,
      `${gutter} | ${' '.repeat(Math.max(0, p.col - 1))}${'^'.repeat(width)}`,
    );
    if (p.expected !== undefined) lines.push(`${gutter} = expected: ${p.expected}`);
  } else if (p.expected !== undefined) {
    lines.push(`  = expected: ${p.expected}`);
  }
  return lines.join('\n');
}

/** `file:line:col` of a problem, or just its origin when it has no position. */
export function problemLocation(p: LoadProblem): string {
  // Line 0: not from a file (an environment variable or a command-line flag).
  return p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
}
