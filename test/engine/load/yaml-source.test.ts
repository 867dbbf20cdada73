import { describe, expect, it, vi } from 'vitest';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { splitItems } from '../../../src/engine/load/split-items.js';
import { type NodePath, parseYamlSource } from '../../../src/engine/load/yaml-source.js';

// Every text yaml is asked to parse, to see that a suite is parsed item by item.
const parsedTexts = vi.hoisted(() => [] as string[]);
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (text: string, options: object) => {
      parsedTexts.push(text);
      return yaml.parseDocument(text, options);
    },
  };
});

/** Where a place is, as the whole file's Document says (the loader's places before items were parsed alone). */
function wholePlaceOf(text: string, path: NodePath, key: boolean) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lines = text.split(/\r?\n/);
  const at = (offset: number, end: number) => {
    const { line, col } = lineCounter.linePos(offset);
    const sourceLine = lines[line - 1] ?? '';
    return {
      line,
      col,
      sourceLine,
      length: Math.max(1, Math.min(end - offset, sourceLine.length - col + 1)),
    };
  };
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (key && depth === path.length && depth > 0) {
      const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
      const name = prefix[prefix.length - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === name);
        if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0], pair.key.range[1]);
      }
    }
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return at(node.range[0], node.range[1]);
  }
  return { line: 1, col: 1, sourceLine: lines[0] ?? '', length: 1 };
}

/** Every node's path in the file, plus the string form of numeric keys and a few that lead nowhere. */
function allPaths(text: string): NodePath[] {
  const out: NodePath[] = [
    ['nope'],
    ['scenarios', 99],
    ['scenarios', 0, 'nope', 'deeper'],
    ['scenarios', '1', 'id'],
  ];
  const walk = (node: unknown, path: NodePath) => {
    out.push(path);
    if (isSeq(node)) for (const [i, item] of node.items.entries()) walk(item, [...path, i]);
    else if (isMap(node))
      for (const pair of node.items)
        if (isScalar(pair.key)) {
          const name = pair.key.value as string | number;
          walk(pair.value, [...path, name]);
          if (typeof name === 'number') out.push([...path, String(name)]);
        }
  };
  walk(parseDocument(text).contents, []);
  return out;
}

const LAYOUTS: Record<string, string> = {
  'fragments after': `scenarios:
  - id: a
    title: x # a comment
  # between items
  - id: b
    steps:
      - http: { actor: alice, body: { x: [1, { y: 2 }] } }
        expect: { status: 200 }
# before the tail
fragments:
  f: { steps: [] }
`,
  'fragments before': `# top
fragments:
  f:
    steps:
      - http: { a: 1 }
scenarios: # the scenarios

  - id: a
  - id: b
    x: |
      line

      more
`,
  'items at column 0': 'scenarios:\n- id: a\n  t: 1\n-\n  id: b\n',
  'CRLF line ends': 'scenarios:\r\n  - id: a\r\n    t: "x\r\n     y"\r\n  - id: b\r\nfragments: {}\r\n',
  'numeric keys': 'scenarios:\n  - id: a\n    200: { 1: x, "1": y }\n    steps:\n      - 3: z\n',
  'no final line end': 'scenarios:\n  - id: a\n  - { id: b }',
  'an empty item': 'scenarios:\n  -\n  - id: b\n',
  'a comment after the first item': 'scenarios:\n  - id: a # c\n  - id: b\n',
  // Parsed whole: an alias to another item, a key twice, a string holding `scenarios:`, a flow across items.
  'alias across items': 'scenarios:\n  - id: &a a\n  - id: *a\n',
  'a key twice': 'scenarios:\n  - id: a\n    id: b\n',
  'key inside a string': 'a: "x\nscenarios:\n  - y\n"\n',
  'key inside a string that ends below': 'a: "x\nscenarios:\n  - y\nb"\n',
  'key inside a flow that ends below': 'a: [x,\nscenarios:\n  - y\nb]\n',
  'flow across items': 'scenarios:\n  - id: [a,\n  - b]\n',
};

describe('parseYamlSource', () => {
  for (const [name, text] of Object.entries(LAYOUTS)) {
    it(`gives the whole file's value, problems and places: ${name}`, () => {
      const source = parseYamlSource('s.yaml', text, { itemsOf: 'scenarios' });
      const whole = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
      expect(source.problems.map((p) => p.message)).toEqual(
        whole.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
      );
      if (whole.errors.length === 0) expect(source.value).toEqual(whole.toJS());
      for (const path of allPaths(text))
        for (const key of [false, true]) {
          const { file, ...place } = source.placeOf(path, key);
          expect({ path, key, ...place }).toEqual({ path, key, ...wholePlaceOf(text, path, key) });
        }
    });
  }

  it('parses a suite item by item and each item once, then again only for a problem deep inside it', () => {
    const scenario = (i: number) =>
      `  - id: s${i}\n    title: t\n    steps:\n      - http: { actor: alice, method: GET, path: /x }\n        expect: { status: 200, body: { n: ${i} } }\n`;
    const text = `scenarios:\n${Array.from({ length: 50 }, (_, i) => scenario(i)).join('')}`;
    parsedTexts.length = 0;
    const source = parseYamlSource('s.yaml', text, { itemsOf: 'scenarios' });
    expect(parsedTexts).toHaveLength(51);
    expect(Math.max(...parsedTexts.map((t) => t.length))).toBeLessThan(200);

    // A scenario's and a step's place are kept; a place deeper down parses that one item again.
    expect(source.placeOf(['scenarios', 7]).line).toBe(2 + 7 * 5);
    expect(source.placeOf(['scenarios', 7, 'steps', 0]).line).toBe(5 + 7 * 5);
    expect(parsedTexts).toHaveLength(51);
    const deep = source.placeOf(['scenarios', 7, 'steps', 0, 'expect', 'body', 'n']);
    const line = '        expect: { status: 200, body: { n: 7 } }';
    expect(deep).toMatchObject({ line: 6 + 7 * 5, col: line.indexOf('n: 7') + 4, sourceLine: line });
    expect(parsedTexts.slice(51)).toEqual([scenario(7)]);
  });
});

describe('splitItems', () => {
  it('finds where each item of the top-level sequence starts and where the sequence ends', () => {
    const text = 'fragments: {}\nscenarios:\n  - id: a\n    t: 1\n\n  - id: b\nfragments2: {}\n';
    expect(splitItems(text, 'scenarios')).toEqual({
      keyLine: text.indexOf('scenarios:'),
      start: text.indexOf('  - id: a'),
      end: text.indexOf('fragments2'),
      items: [text.indexOf('  - id: a'), text.indexOf('  - id: b')],
    });
  });

  it('leaves layouts it cannot be sure of to a whole parse', () => {
    for (const text of [
      'scenarios: []\n',
      'scenarios:\n  id: a\n',
      '---\nscenarios:\n  - id: a\n',
      'scenarios:\n  - id: a\n\t- id: b\n',
      'scenarios:\n    - id: a\n  - id: b\n',
      'scenarios:\n  - id: a\n -x: 1\n',
      'scenarios:\r  - id: a\r',
    ])
      expect(splitItems(text, 'scenarios'), JSON.stringify(text)).toBeUndefined();
  });
});
