/**
 * `npm run check:whisper-real`: runs the converted real Whisper base through the app's own speech
 * code in Node. Separate from `npm test` on purpose: the weights are not in the repo (they are
 * built by models/convert), so nothing in the normal suites may depend on them.
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
  },
});
