import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonStreamed } from '../../reporters/json-stream.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'json-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(doc: object, key: string): Promise<string> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeJsonStreamed(file, doc, key as never);
  return readFile(file, 'utf8');
}

const scenario = (i: number) => ({
  id: `s${i}`,
  steps: [{ title: 'line\nbreak "quoted" é ✓', checks: [], nested: { a: [1, { b: null }], empty: {} } }],
  tags: [],
});

describe('a JSON document written element by element', () => {
  it('is byte for byte what JSON.stringify(doc, null, 2) writes, with a final newline', async () => {
    // 8,000 elements make ~2.7 MB: more than one chunk.
    for (const count of [1, 2, 7, 8000]) {
      const doc = {
        $schema: 'x',
        summary: { n: count, list: [1, 2] },
        scenarios: Array.from({ length: count }, (_, i) => scenario(i)),
      };
      expect(await written(doc, 'scenarios')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    }
  });

  it('writes an empty array, or a key that is not last, as JSON.stringify does', async () => {
    const empty = { a: 1, scenarios: [] };
    expect(await written(empty, 'scenarios')).toBe(`${JSON.stringify(empty, null, 2)}\n`);
    const notLast = { scenarios: [scenario(1)], after: true };
    expect(await written(notLast, 'scenarios')).toBe(`${JSON.stringify(notLast, null, 2)}\n`);
  });
});
