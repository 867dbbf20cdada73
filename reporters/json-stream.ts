import { open } from 'node:fs/promises';

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
    const handle = await open(file, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(doc, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    return;
  }
  // The head ends with `"<lastKey>": []\n}`: the elements go between the brackets.
  const head = JSON.stringify({ ...doc, [lastKey]: [] }, null, 2);
  const open_ = head.slice(0, head.length - '[]\n}'.length);
  const handle = await open(file, 'w');
  try {
    let pending = `${open_}[\n`;
    for (const [i, item] of items.entries()) {
      // Elements of a top-level key's array sit four spaces deep.
      pending += `    ${JSON.stringify(item, null, 2).replaceAll('\n', '\n    ')}${i < items.length - 1 ? ',' : ''}\n`;
      if (pending.length >= CHUNK) {
        await handle.write(pending);
        pending = '';
      }
    }
    await handle.write(`${pending}  ]\n}\n`);
  } finally {
    await handle.close();
  }
}
