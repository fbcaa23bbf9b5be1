import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.{ts,mjs}', 'test/fixtures/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/support/unit-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          environment: 'node',
          // Two cores: one browser at a time keeps timings sane and the fake microphone honest.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // An expect.poll with no timeout waits for the UI (an IndexedDB write, a live query, a
          // render): give it the page models' UI budget, not vitest's 1 s, which a GC pause or a
          // busy core can exceed by chance. It bounds a hang; it is not a speed the test expects.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
