import { defineConfig } from 'vitest/config';

// Repeated proof runs (`npm run proof`): not part of `npm test`, whose time budget they would exceed.
export default defineConfig({
  test: {
    include: ['test/**/*.proof.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxConcurrency: 3,
  },
});
