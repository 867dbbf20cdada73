import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/engine/config/index.js';
import { runConformance } from '../../../src/engine/run/index.js';
import { loadSpec } from '../../../src/spec/index.js';

const savedTmpdir = process.env.TMPDIR;
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
});

describe('runConformance', () => {
  it('leaves no embedded server running when the run cannot set up its temporary folder', async () => {
    // os.tmpdir() reads TMPDIR on every call: a folder that does not exist makes mkdtemp fail.
    process.env.TMPDIR = join('/nonexistent', `run-conformance-${process.pid}`);
    let started = 0;
    let closed = 0;
    const run = runConformance({
      config: defaultConfig(),
      suites: [],
      spec: loadSpec(),
      harnessVersion: 'test',
      startEmbedded: async () => {
        started++;
        return {
          baseUrl: 'http://127.0.0.1:9/api/v2',
          cometdUrl: 'http://127.0.0.1:9/api/v2/notifications',
          close: async () => {
            closed++;
          },
        };
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'ENOENT' });
    expect(closed).toBe(started);
  });
});
