import { createHash } from 'node:crypto';
import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { type LoadProblem, type Place, problemAt } from './problem.js';
import { splitItems } from './split-items.js';

export type NodePath = Array<string | number>;

/** A parsed YAML file that can say where any value in it is. */
export interface YamlSource {
  file: string;
  text: string;
  digest: string;
  /** The plain value (`undefined` when the file did not parse). */
  value: unknown;
  /** Syntax errors, as problems. */
  problems: LoadProblem[];
  /** The place of the value at `path`, or of its key when `key` is set; falls back to the nearest ancestor. */
  placeOf(path: NodePath, key?: boolean): Place;
}

export interface ParseOptions {
  /**
   * A top-level key whose block sequence is parsed item by item when the layout allows it (a
   * suite's `scenarios`): the same value and places, without the whole file's syntax tree at once.
   */
  itemsOf?: string;
}

const PARSE = { prettyErrors: false, uniqueKeys: true } as const;
const TO_JS = { maxAliasCount: 1000 };

/**
 * How deep places are kept once the file is parsed: a scenario, its keys and its steps
 * (`scenarios.3.steps.2`, `fragments.x.steps.0`), which every scenario and step asks for. Deeper
 * places and keys are asked for problems only; the file (or the one item) is parsed again for them.
 */
const KEPT_DEPTH = 4;

type Range = [number, number];

/** A piece of the file parsed as a document of its own; `toFile` maps its offsets to the file's. */
interface Part {
  text: string;
  toFile(offset: number): number;
}

/** How the file was parsed: whole (one part), or head and tail (part 0) plus one part per item. */
interface Layout {
  parts: Part[];
  /** The split key, when the file was parsed item by item. */
  itemsOf?: string;
}

export function parseYamlSource(file: string, text: string, opts: ParseOptions = {}): YamlSource {
  const digest = createHash('sha256').update(text).digest('hex');
  const parsed = (opts.itemsOf !== undefined && parseByItems(text, opts.itemsOf)) || parseWhole(text);
  const { layout, lineCounter, value, kept } = parsed;
  const docs: Array<Document.Parsed | undefined> = parsed.doc ? [parsed.doc] : [];

  const lineText = (line: number): string => {
    const start = lineCounter.lineStarts[line - 1] ?? 0;
    const newline = text.indexOf('\n', start);
    if (newline === -1) return text.slice(start);
    return text.slice(start, text.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline);
  };
  const placeOfOffset = ([offset, end]: Range): Place => {
    const { line, col } = lineCounter.linePos(offset);
    const sourceLine = lineText(line);
    const length = Math.max(1, Math.min(end - offset, sourceLine.length - col + 1));
    return { file, line, col, sourceLine, length };
  };

  const docOf = (part: number): Document.Parsed => {
    let doc = docs[part];
    if (!doc) {
      doc = parseDocument((layout.parts[part] as Part).text, PARSE);
      docs[part] = doc;
    }
    return doc;
  };
  /** Which part holds the node at `path`, and its path there; `undefined`: no such item. */
  const route = (path: NodePath): { part: number; path: NodePath } | undefined => {
    if (layout.itemsOf === undefined || path[0] !== layout.itemsOf) return { part: 0, path };
    const index = itemIndex(path[1]);
    if (index === undefined || index + 1 >= layout.parts.length) return undefined;
    return { part: index + 1, path: [0, ...path.slice(2)] };
  };
  const rangeIn = (part: number, node: unknown): Range | undefined => {
    if (!isNode(node) || !node.range) return undefined;
    const { toFile } = layout.parts[part] as Part;
    return [toFile(node.range[0]), toFile(node.range[1])];
  };
  const nodeRange = (path: NodePath): Range | undefined => {
    if (kept && path.length <= KEPT_DEPTH && path.every(isExactStep)) return kept.get(pathKey(path));
    const at = route(path);
    if (!at) return undefined;
    const doc = docOf(at.part);
    return rangeIn(at.part, at.path.length === 0 ? doc.contents : doc.getIn(at.path, true));
  };
  const keyRange = (path: NodePath): Range | undefined => {
    const at = route(path.slice(0, -1));
    if (!at) return undefined;
    const doc = docOf(at.part);
    const parent = at.path.length === 0 ? doc.contents : doc.getIn(at.path, true);
    if (!isMap(parent)) return undefined;
    const name = path[path.length - 1];
    const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === name);
    return pair ? rangeIn(at.part, pair.key) : undefined;
  };

  const placeOf = (path: NodePath, key = false): Place => {
    for (let depth = path.length; depth >= 0; depth--) {
      const prefix = path.slice(0, depth);
      if (key && depth === path.length && depth > 0) {
        const range = keyRange(prefix);
        if (range) return placeOfOffset(range);
      }
      const range = nodeRange(prefix);
      if (range) return placeOfOffset(range);
    }
    return { file, line: 1, col: 1, sourceLine: lineText(1), length: 1 };
  };

  const problems = parsed.errors.map((error) =>
    problemAt(placeOfOffset(error.pos), 'IC_E_YAML', `YAML syntax: ${firstLine(error.message)}`, {
      rule: error.code,
    }),
  );
  return { file, text, digest, value, problems, placeOf };
}

interface Parsed {
  layout: Layout;
  lineCounter: LineCounter;
  value: unknown;
  errors: Array<{ pos: Range; message: string; code: string }>;
  /** Places down to KEPT_DEPTH; absent when the file has syntax errors (its document is kept instead). */
  kept?: Map<string, Range>;
  doc?: Document.Parsed;
}

function parseWhole(text: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PARSE, lineCounter });
  const layout: Layout = { parts: [{ text, toFile: (offset) => offset }] };
  if (doc.errors.length > 0) return { layout, lineCounter, value: undefined, errors: doc.errors, doc };
  const value = doc.toJS(TO_JS);
  const kept = new Map<string, Range>();
  keep(doc.contents, [], (offset) => offset, kept);
  return { layout, lineCounter, value, errors: [], kept };
}

/**
 * The file as its head and tail (everything but the items, parsed together) and each item of the
 * `itemsOf` sequence parsed alone. `undefined` (parse it whole) unless every piece parses cleanly and
 * the head still reads the key as a top-level key with nothing after it, so the value and every
 * place are those of the whole file: syntax errors are then reported exactly as a whole parse does.
 */
function parseByItems(text: string, itemsOf: string): Parsed | undefined {
  const split = splitItems(text, itemsOf);
  if (!split) return undefined;
  const { keyLine, start, end, items } = split;
  const shift = end - start;
  const head: Part = {
    text: text.slice(0, start) + text.slice(end),
    toFile: (o) => (o < start ? o : o + shift),
  };
  const headDoc = parseDocument(head.text, PARSE);
  const root = headDoc.contents;
  if (headDoc.errors.length > 0 || !isMap(root) || !root.range) return undefined;
  const keyPair = root.items.find((p) => isScalar(p.key) && p.key.value === itemsOf);
  const keyNode = keyPair?.key;
  if (!isScalar(keyNode) || keyNode.range?.[0] !== keyLine) return undefined;
  if (!isEmptyNode(keyPair?.value)) return undefined;
  // The tail must start with a top-level key, as it does in the whole file.
  if (end < text.length && !root.items.some((p) => isNode(p.key) && p.key.range?.[0] === start))
    return undefined;

  const kept = new Map<string, Range>();
  const parts: Part[] = [head];
  const values: unknown[] = [];
  let first: Range | undefined;
  let last: Range | undefined;
  for (const [i, from] of items.entries()) {
    const to = items[i + 1] ?? end;
    const part: Part = { text: text.slice(from, to), toFile: (o) => o + from };
    const doc = parseDocument(part.text, PARSE);
    const seq = doc.contents;
    if (doc.errors.length > 0 || !isSeq(seq) || seq.items.length !== 1 || !seq.range) return undefined;
    const value = toJS(doc);
    if (!Array.isArray(value)) return undefined;
    values.push(value[0]);
    parts.push(part);
    const range: Range = [from + seq.range[0], from + seq.range[1]];
    first ??= range;
    last = range;
    keep(seq.items[0], [itemsOf, i], part.toFile, kept);
  }
  const headValue = toJS(headDoc);
  if (headValue === null || typeof headValue !== 'object' || !first || !last) return undefined;
  (headValue as Record<string, unknown>)[itemsOf] = values;

  // The head's own places, then what no single part knows: the sequence and the root.
  keep(root, [], head.toFile, kept, itemsOf);
  kept.set(pathKey([itemsOf]), [first[0], last[1]]);
  kept.set(pathKey([]), [root.range[0], end < text.length ? head.toFile(root.range[1]) : last[1]]);

  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1))
    lineCounter.addNewLine(nl + 1);
  return { layout: { parts, itemsOf }, lineCounter, value: headValue, errors: [], kept };
}

/** The plain value, or `undefined` when it cannot be built alone (an alias to another piece). */
function toJS(doc: Document.Parsed): unknown {
  try {
    return doc.toJS(TO_JS);
  } catch {
    return undefined;
  }
}

/** `key:` with nothing after it: an empty scalar without a tag or an anchor. */
function isEmptyNode(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  return (
    isScalar(node) && node.value === null && !node.tag && !node.anchor && node.range?.[0] === node.range?.[1]
  );
}

/**
 * Records the range of every node down to KEPT_DEPTH under the path `Document.getIn` would find it
 * by (a sequence's index, a map's string or number key; a later duplicate key is never found).
 * `skip`: a top-level key whose value is not recorded.
 */
function keep(
  node: unknown,
  path: NodePath,
  toFile: (offset: number) => number,
  kept: Map<string, Range>,
  skip?: string,
): void {
  const walk = (at: unknown, depth: number, key: string) => {
    if (!isNode(at) || !at.range || kept.has(key)) return;
    kept.set(key, [toFile(at.range[0]), toFile(at.range[1])]);
    if (depth >= KEPT_DEPTH) return;
    if (isSeq(at)) for (const [i, item] of at.items.entries()) walk(item, depth + 1, key + stepKey(i));
    else if (isMap(at))
      for (const pair of at.items) {
        const name = isScalar(pair.key) ? pair.key.value : undefined;
        if (depth === 0 && name === skip) continue;
        if (typeof name === 'string' || typeof name === 'number')
          walk(pair.value, depth + 1, key + stepKey(name));
      }
  };
  walk(node, path.length, pathKey(path));
}

/**
 * A path step that reaches the same node whatever the container: a number, or a string that a
 * sequence would not read as an index. `"3"` is an index in a sequence and a key in a map, so such
 * a path is looked up in the document.
 */
function isExactStep(step: string | number): boolean {
  return typeof step === 'number' || itemIndex(step) === undefined;
}

/** How `yaml` reads a path step as a sequence index. */
function itemIndex(step: unknown): number | undefined {
  const index = step && typeof step === 'string' ? Number(step) : step;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : undefined;
}

function pathKey(path: NodePath): string {
  return path.map(stepKey).join('');
}

/** A path step in a kept path's key: numbers and strings apart, and no string mistaken for two steps. */
function stepKey(step: string | number): string {
  return typeof step === 'number' ? `#${step}` : `.${step.length}:${step}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
