#!/usr/bin/env node
/**
 * `npm run test:real`: every check that needs the real models, which `npm test` cannot have (the
 * weights are not in the repo). Converts them on first use (prepare.mjs), then runs
 * scripts/real-models/*.real.ts: the converted Whisper base and SmolLM2 through the app's own code
 * in Node, and the whole visit in the built app in Chromium (app.real.ts). Extra arguments go to
 * vitest (e.g. a file filter).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { prepareRealModels } from './prepare.mjs';

const prepared = prepareRealModels();
const result = spawnSync('npx', ['vitest', 'run', '--config', 'scripts/real-models/vitest.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    ESCRIBA_REAL_MODELS_DIR: prepared.dir,
    ESCRIBA_WHISPER_BASE_DIR: join(prepared.dir, 'whisper-base'),
    ESCRIBA_LLM_DIR: join(prepared.dir, 'smollm2-135m'),
  },
});
process.exit(result.status ?? 1);
