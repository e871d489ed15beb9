import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Most tests wait on child processes (the CLI, go, Chromium): two files at
    // a time keep both cores busy (the default on 2 cores is one).
    maxWorkers: 2,
    // Generous: Go builds with a cold GOCACHE on a busy 2-core runner take minutes.
    // Nothing asserts on time; a timeout only bounds a hang.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
