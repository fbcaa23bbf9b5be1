/**
 * The checks on real models (`npm run test:real`, test-real.mjs; `check:whisper-real` runs the
 * Whisper ones): the converted models through the app's own code in Node, and the whole visit in
 * the built app in Chromium. Separate from `npm test` on purpose: the weights are not in the repo
 * (they are built by models/convert), so nothing in the normal suites may depend on them.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['scripts/real-models/**/*.real.ts'],
    environment: 'node',
    setupFiles: ['test/support/unit-setup.ts'],
    // Loading ~200 MB of ONNX and decoding on two shared cores: minutes, not seconds.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // One browser, one model at a time on two cores, as in the e2e project.
    fileParallelism: false,
    expect: { poll: { timeout: 15_000 } },
  },
});
