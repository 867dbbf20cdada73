import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/engine/config/index.js';
import { runConformance } from '../../../src/engine/run/index.js';
import { loadSpec } from '../../../src/spec/index.js';

describe('runConformance', () => {
  it('leaves no embedded server running when the run fails after starting it', async () => {
    let started = 0;
    let closed = 0;
    const run = runConformance({
      config: defaultConfig(),
      suites: [],
      spec: loadSpec(),
      harnessVersion: 'test',
      // A "server" on the discard port: nothing listens there, so the setup check fails.
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
    await expect(run).rejects.toMatchObject({ code: 'IC_E_PREFLIGHT' });
    expect(started).toBe(1);
    expect(closed).toBe(1);
  });
});
