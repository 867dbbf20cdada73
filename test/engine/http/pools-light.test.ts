import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const POOLS = pathToFileURL(join(ROOT, 'dist/src/engine/http/pools.js')).href;

describe('the HTTP pools', () => {
  it("load undici's Pool and request API without the package's index, and still answer", async () => {
    const script = `
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
const { HttpPools } = await import(${JSON.stringify(POOLS)});
const server = createServer((req, res) => res.end('pong')).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const pools = new HttpPools();
const res = await pools.request('http://127.0.0.1:' + server.address().port, { method: 'GET', path: '/' });
const body = await res.body.text();
await pools.close();
server.close();
const loaded = Object.keys(createRequire(process.cwd() + '/').cache);
console.log(JSON.stringify({ body, index: loaded.some((f) => f.endsWith('/undici/index.js')) }));
`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim())).toEqual({ body: 'pong', index: false });
  });
});
