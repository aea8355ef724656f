// Test runner settings: unit tests run in memory; integration tests spawn the built binary,
// real bash/curl/kubectl and sandbox servers, so they get longer timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
