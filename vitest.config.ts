import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Most tests wait on child processes (the CLI, go, Chromium): two files at
    // a time keep both cores busy (the default on 2 cores is one).
    maxWorkers: 2,
    // The unit tier (npm run test:unit) shares each worker's module cache
    // across test files instead of loading every module anew per file: about
    // half its CPU. npm test (what CI runs) keeps every file isolated.
    isolate: process.env.GOPHERAGE_TEST_TIER !== 'unit',
    // Generous: Go builds with a cold GOCACHE on a busy 2-core runner take minutes.
    // Nothing asserts on time; a timeout only bounds a hang.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
