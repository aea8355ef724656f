// Test runner settings. Two suites, run apart (see docs/testing.md):
// - unit (test/unit): in memory and in process; no processes, servers, sleeps or heavy fuzzing. Worker
//   threads: cheaper to start than forks, which is most of this suite's cost.
// - integration (test/integration): the built binary, real bash/curl/kubectl and sandbox servers; forks.
// The timeouts guard against hung tests on a loaded machine; they are not speed checks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads' } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], pool: 'forks' } },
    ],
  },
});
