// Test runner settings. Two suites, run apart (see docs/testing.md):
// - test/unit: in memory and in process (`npm run test:unit`); no processes, servers, sleeps or heavy fuzzing.
// - test/integration: the built binary, real bash/curl/kubectl and sandbox servers (`npm run test:integration`).
// The timeouts guard against hung tests on a loaded machine; they are not speed checks.
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
