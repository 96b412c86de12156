import { defineConfig } from 'vitest/config';

/**
 * Tests must pass on a busy 2-core machine: no test may depend on wall-clock speed. Vitest's 5 s default
 * timeout is a speed assertion in disguise (a test that needs 3 s alone can take 8 s beside a loaded CPU),
 * so the defaults are generous and a test that is long by design sets its own larger timeout.
 */
export default defineConfig({
  test: {
    // One name for test files, so test/test-layout.test.ts sees every test vitest runs.
    include: ['test/**/*.test.ts'],
    // Builds the web console once (when web/ changed) before any test serves it.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
