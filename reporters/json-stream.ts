import { open, writeFile } from 'node:fs/promises';

/** Bytes gathered before each write: few system calls, and never the whole document in memory. */
const CHUNK = 1 << 20;

/**
 * Writes `doc` as `JSON.stringify(doc, null, 2)` followed by a newline, byte for byte, without
 * building that string: the array under `lastKey` (the document's last key, the scenarios of a
 * large run) is written one element at a time. A 1,000-scenario report is ~20 MB of text, which as
 * one string plus its encoded copy was the run's peak memory.
 */
export async function writeJsonStreamed<T extends object>(
  file: string,
  doc: T,
  lastKey: keyof T,
): Promise<void> {
  const items = doc[lastKey];
  const keys = Object.keys(doc);
  if (!Array.isArray(items) || items.length === 0 || keys[keys.length - 1] !== lastKey) {
    await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  // The head ends with `"<lastKey>": []\n}`: the elements go between the brackets.
  const head = JSON.stringify({ ...doc, [lastKey]: [] }, null, 2);
  const handle = await open(file, 'w');
  try {
    let pending = `${head.slice(0, head.length - '[]\n}'.length)}[\n`;
    for (const [i, item] of items.entries()) {
      // Elements of a top-level key's array sit four spaces deep.
      pending += `    ${JSON.stringify(item, null, 2).replaceAll('\n', '\n    ')}${i < items.length - 1 ? ',' : ''}\n`;
      if (pending.length >= CHUNK) {
        // writeFile on a handle writes at its position, all of it (write may write a part).
        await handle.writeFile(pending);
        pending = '';
      }
    }
    await handle.writeFile(`${pending}  ]\n}\n`);
  } finally {
    await handle.close();
  }
}
