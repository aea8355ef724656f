// Test runner settings. Two suites, run apart (see docs/testing.md):
// - unit (test/unit): in memory and in process; no processes, servers, sleeps or heavy fuzzing. Worker
//   threads, not isolated: each worker imports src/ once for all its files instead of once per file, which
//   was two thirds of this suite's wall time (32 s → 14 s on 2 cores). So a unit test must leave no global
//   state behind (restore fake timers, env and mocks in afterEach); the suite passes in shuffled order.
// - integration (test/integration): the built binary, real bash/curl/kubectl and sandbox servers; forks.
// The timeouts guard against hung tests on a loaded machine; they are not speed checks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], pool: 'forks' } },
    ],
  },
});
