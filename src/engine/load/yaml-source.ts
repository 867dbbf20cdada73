import { createHash } from 'node:crypto';
import { type Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { type LoadProblem, type Place, problemAt } from './problem.js';

export type NodePath = Array<string | number>;

/** A parsed YAML file that can say where any value in it is. */
export interface YamlSource {
  file: string;
  text: string;
  digest: string;
  doc: Document.Parsed;
  /** The plain value (`undefined` when the file did not parse). */
  value: unknown;
  /** Syntax errors, as problems. */
  problems: LoadProblem[];
  /** The place of the value at `path`, or of its key when `key` is set; falls back to the nearest ancestor. */
  placeOf(path: NodePath, key?: boolean): Place;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lines = text.split(/\r?\n/);

  const placeOfOffset = (offset: number, end: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    const sourceLine = lines[line - 1] ?? '';
    const length = Math.max(1, Math.min(end - offset, sourceLine.length - col + 1));
    return { file, line, col, sourceLine, length };
  };

  const placeOf = (path: NodePath, key = false): Place => {
    for (let depth = path.length; depth >= 0; depth--) {
      const prefix = path.slice(0, depth);
      if (key && depth === path.length && depth > 0) {
        const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
        const name = prefix[prefix.length - 1];
        if (isMap(parent)) {
          const pair = parent.items.find(
            (item) => isPair(item) && isScalar(item.key) && item.key.value === name,
          );
          if (pair && isNode(pair.key) && pair.key.range)
            return placeOfOffset(pair.key.range[0], pair.key.range[1]);
        }
      }
      const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
      if (isNode(node) && node.range) return placeOfOffset(node.range[0], node.range[1]);
    }
    return { file, line: 1, col: 1, sourceLine: lines[0] ?? '', length: 1 };
  };

  const problems = doc.errors.map((error) =>
    problemAt(
      placeOfOffset(error.pos[0], error.pos[1]),
      'IC_E_YAML',
      `YAML syntax: ${firstLine(error.message)}`,
      {
        rule: error.code,
      },
    ),
  );
  const value = problems.length === 0 ? doc.toJS({ maxAliasCount: 1000 }) : undefined;
  const digest = createHash('sha256').update(text).digest('hex');
  return { file, text, digest, doc, value, problems, placeOf };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
