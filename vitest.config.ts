import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Generous: Go builds with a cold GOCACHE on a busy 2-core runner take minutes.
    // Nothing asserts on time; a timeout only bounds a hang.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
