import { defineConfig } from 'vitest/config';

// The harness's own tests. The conformance run builds its own vitest configuration in code.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Concurrent tests here (the mutation self-test) mostly wait on the network, not the CPU.
    maxConcurrency: 10,
  },
});
