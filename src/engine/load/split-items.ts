/** Where the items of a file's top-level block sequence (`scenarios:` then `- …` lines) lie. */
export interface ItemSplit {
  /** Offset of the `key:` line. */
  keyLine: number;
  /** Offset of the first item's line: the text before it is the file's head. */
  start: number;
  /** Offset of the first line after the last item: the text from it on is the file's tail. */
  end: number;
  /** Offset of each item's first line; item i runs to the next one (the last to `end`). */
  items: number[];
}

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const CR = 0x0d;

/**
 * Finds, line by line, the items of the block sequence under the top-level `key:`, so that each item
 * can be parsed on its own and a large suite never holds its whole syntax tree at once. Only plain
 * layouts qualify: `key:` alone on its line at column 0, then `- ` lines at one indentation, the
 * sequence ended by the next top-level key or the end of the file. Anything else (directives,
 * document markers, tabs in indentation, lone CRs, a line at an unexpected indentation) gives
 * `undefined` and the file is parsed whole. The caller still checks that the pieces parse cleanly
 * and that the head still reads `key:` as a key.
 */
export function splitItems(text: string, key: string): ItemSplit | undefined {
  if (text.charCodeAt(0) === 0xfeff || /\r(?!\n)/.test(text)) return undefined;
  let keyLine = -1;
  let indent = -1;
  let end = text.length;
  const items: number[] = [];
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline + 1;
    let lineEnd = newline === -1 ? text.length : newline;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
    let at = start;
    while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
    if (text.charCodeAt(at) === TAB && at < lineEnd) return undefined;
    const blank = at === lineEnd || text.charCodeAt(at) === HASH;
    const column = at - start;
    if (column === 0 && !blank && /^(?:%|---|\.\.\.)/.test(text.slice(start, start + 3))) return undefined;
    if (blank) {
      start = next;
      continue;
    }
    if (keyLine === -1) {
      if (column === 0 && isKeyLine(text.slice(start, lineEnd), key)) keyLine = start;
    } else if (indent === -1) {
      // The first line under the key must open the sequence.
      if (!isItemLine(text, at, lineEnd)) return undefined;
      indent = column;
      items.push(start);
    } else if (column > indent) {
      // Inside the current item.
    } else if (column === indent && isItemLine(text, at, lineEnd)) {
      items.push(start);
    } else if (column === 0 && /^[A-Za-z_]/.test(text.charAt(at))) {
      end = start;
      break;
    } else return undefined;
    start = next;
  }
  if (items.length === 0) return undefined;
  return { keyLine, start: items[0] as number, end, items };
}

/** `key:` alone on its line, a comment allowed after it. */
function isKeyLine(line: string, key: string): boolean {
  if (!line.startsWith(`${key}:`)) return false;
  return /^(?:[ \t]*|[ \t]+#.*)$/.test(line.slice(key.length + 1));
}

/** `-` followed by a space or the end of the line. */
function isItemLine(text: string, at: number, lineEnd: number): boolean {
  return text.charCodeAt(at) === DASH && (at + 1 === lineEnd || text.charCodeAt(at + 1) === SPACE);
}
