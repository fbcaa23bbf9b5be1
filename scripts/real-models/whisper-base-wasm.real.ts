/**
 * The converted Whisper base files on onnxruntime-web's WASM build — the kernels the browser runs
 * on the WASM device — against onnxruntime-node, on the same inputs. The app's Node checks
 * (whisper-base.real.ts) run onnxruntime-node only, and the converter's q8 (uint8 activations
 * with one scale per row into MatMulInteger) and q4 (MatMulNBits with zero points) differ from
 * what the test fixture proved in Chromium, so this shows the browser's kernels agree.
 *
 *   ESCRIBA_WHISPER_BASE_DIR=/path/built/by/convert npm run check:whisper-real
 *
 * Not WebGPU: that needs Chromium (and on SwiftShader is a correctness check only, FACTS.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';

const MODEL_DIR = process.env.ESCRIBA_WHISPER_BASE_DIR;
const ready = MODEL_DIR !== undefined && existsSync(join(MODEL_DIR, 'escriba-catalog.json'));
if (!ready) console.warn('whisper-base-wasm.real.ts skipped: ESCRIBA_WHISPER_BASE_DIR names no folder built by models/convert.');
const LAYERS = 6;
const HEADS = 8;
const HEAD_DIM = 64;
const PREFIX = [50258n, 50262n, 50359n, 50363n]; // <|startoftranscript|><|es|><|transcribe|><|notimestamps|>

type Ort = typeof ortWeb | typeof ortNode;

// Deterministic inputs shaped like the real ones; only agreement between the runtimes is judged.
function encoderFeeds(ort: Ort) {
  const features = Float32Array.from({ length: 80 * 3000 }, (_, i) => Math.cos(i * 0.011) * 0.8);
  return { input_features: new ort.Tensor('float32', features, [1, 80, 3000]) };
}

function decoderFeeds(ort: Ort) {
  const states = Float32Array.from({ length: 1500 * 512 }, (_, i) => Math.sin(i * 0.37) * 2);
  const feeds: Record<string, InstanceType<Ort['Tensor']>> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(PREFIX), [1, PREFIX.length]),
    encoder_hidden_states: new ort.Tensor('float32', states, [1, 1500, 512]),
    use_cache_branch: new ort.Tensor('bool', Uint8Array.from([0]), [1]),
  };
  for (let i = 0; i < LAYERS; i++) {
    for (const kind of ['decoder', 'encoder']) {
      for (const part of ['key', 'value']) {
        feeds[`past_key_values.${i}.${kind}.${part}`] = new ort.Tensor('float32', new Float32Array(0), [1, HEADS, 0, HEAD_DIM]);
      }
    }
  }
  return feeds;
}

async function run(ort: Ort, bytes: Uint8Array, encoder: boolean, options: object): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, options);
  try {
    const outputs = await session.run(encoder ? encoderFeeds(ort) : decoderFeeds(ort));
    const data = outputs[encoder ? 'last_hidden_state' : 'logits']?.data;
    if (!(data instanceof Float32Array)) throw new Error('no float32 output');
    return data;
  } finally {
    await session.release();
  }
}

// Largest deviation allowed, relative to the largest output value. Float sums run in another
// order in WASM; in the q8 encoder a difference that moves a value across a rounding boundary of
// the on-the-fly quantization becomes one quantization step (seen: 0.34 on values up to 21.5).
const FILES = [
  { path: 'onnx/encoder_model.onnx', tolerance: 1e-4 },
  { path: 'onnx/encoder_model_quantized.onnx', tolerance: 0.05 },
  { path: 'onnx/decoder_model_merged.onnx', tolerance: 1e-4 },
  { path: 'onnx/decoder_model_merged_quantized.onnx', tolerance: 1e-3 },
  { path: 'onnx/decoder_model_merged_q4.onnx', tolerance: 1e-4 },
];

describe.skipIf(!ready)('Whisper base files on onnxruntime-web WASM (the browser kernels) vs onnxruntime-node', () => {
  it.each(FILES)('$path agrees', async ({ path, tolerance }) => {
    ortWeb.env.wasm.numThreads = 1;
    const bytes = new Uint8Array(readFileSync(join(MODEL_DIR!, path)));
    const encoder = path.includes('encoder');
    const web = await run(ortWeb, bytes, encoder, { executionProviders: ['wasm'] });
    const node = await run(ortNode, bytes, encoder, { executionProviders: ['cpu'], intraOpNumThreads: 2 });
    let deviation = 0;
    let scale = 0;
    for (let i = 0; i < node.length; i++) {
      deviation = Math.max(deviation, Math.abs(web[i]! - node[i]!));
      scale = Math.max(scale, Math.abs(node[i]!));
    }
    console.log(`${path}: max |web - node| ${deviation.toExponential(2)} (outputs up to ${scale.toFixed(1)})`);
    expect(web.length).toBe(node.length);
    expect(deviation).toBeLessThanOrEqual(tolerance * scale);
  });
});
