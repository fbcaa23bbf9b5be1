/**
 * The decode path on the real runtime: the Whisper fixture (random weights, scripted output; see
 * test/fixtures/models/whisper-fixture/README.md) read from an in-memory model store by catalogue
 * id, run by onnxruntime-node on the CPU. Proves plumbing (store, prefix, prompt stripped, cancel),
 * nothing about transcription quality.
 */
import { readFileSync } from 'node:fs';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCatalog, variantFiles, variantFor } from '../model-manager/catalog';
import { resolveRelativeHosts } from '../model-manager/catalogSource';
import { MemoryModelStore } from '../model-manager/store.memory';
import { useModelStore } from '../model-manager/transformersStore';
import { TranscriptionCancelledError } from '../shared/errors';
import { decode, disposeWhisper, loadWhisper, type WhisperRuntime } from './whisperRuntime';

const FIXTURES = new URL('../../test/fixtures/', import.meta.url);
const SPEECH_TEXT = 'El paciente refiere dolor de cabeza desde hace dos días.';
const SILENCE_TEXT = 'Gracias por ver el video.';
const TIMEOUT_MS = 60_000;

function readWav(url: URL): Float32Array {
  const bytes = readFileSync(url);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset + 4, true);
    if (bytes.toString('ascii', offset, offset + 4) === 'data') {
      return Float32Array.from({ length: size / 2 }, (_, i) => view.getInt16(offset + 8 + 2 * i, true) / 32_768);
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

async function fixtureStore() {
  const json: unknown = JSON.parse(readFileSync(new URL('models/catalog.json', FIXTURES), 'utf8'));
  const catalog = parseCatalog(resolveRelativeHosts(json, 'http://localhost'));
  const model = catalog.byId('whisper-fixture');
  if (model?.engine !== 'transformers.js') throw new Error('no whisper-fixture');
  const variant = variantFor(model, 'wasm')!;
  const store = new MemoryModelStore();
  const revision = new URL(`models/hub/${model.source.repo}/resolve/${model.source.revision}/`, FIXTURES);
  for (const file of variantFiles(model, variant)) {
    const part = await store.openPart(`${model.id}/${file.path}`);
    await part.append(new Uint8Array(readFileSync(new URL(file.path, revision))));
    await part.close();
    await store.commitPart(`${model.id}/${file.path}`);
  }
  return { store, dtype: variant.dtype };
}

describe('Whisper runtime (fixture, CPU)', () => {
  let runtime: WhisperRuntime;
  const speech = readWav(new URL('audio/consulta-es.wav', FIXTURES));

  beforeAll(async () => {
    const { store, dtype } = await fixtureStore();
    useModelStore(env, store);
    runtime = await loadWhisper('whisper-fixture', { device: 'cpu', dtype });
  }, TIMEOUT_MS);

  afterAll(async () => {
    if (runtime) await disposeWhisper(runtime);
  });

  it('transcribes in Spanish, trimmed', { timeout: TIMEOUT_MS }, async () => {
    expect(await decode(runtime, speech)).toBe(SPEECH_TEXT);
    expect(await decode(runtime, new Float32Array(16_000))).toBe(SILENCE_TEXT);
  });

  it('uses a prompt as context without returning its text', { timeout: TIMEOUT_MS }, async () => {
    const prompt = 'Hipertensión arterial, enalapril. El paciente refiere dolor de cabeza desde hace dos días.';
    expect(await decode(runtime, speech, { prompt })).toBe(SPEECH_TEXT);
  });

  it('stops at the token cap (the loop guard)', { timeout: TIMEOUT_MS }, async () => {
    expect(await decode(runtime, speech, { maxNewTokens: 3 })).toBe('El paciente refiere');
  });

  it('rejects with TranscriptionCancelledError when cancelled before or during decoding', { timeout: TIMEOUT_MS }, async () => {
    await expect(decode(runtime, speech, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TranscriptionCancelledError);
    // Aborted from inside the model's k-th forward pass (the encoder's, then decoder steps), so the
    // cancel lands while the decode runs on any machine, not after a timer a fast CPU would outrun.
    const forward = runtime.model.forward.bind(runtime.model);
    for (const step of [1, 2, 3]) {
      const controller = new AbortController();
      let calls = 0;
      const spy = vi.spyOn(runtime.model, 'forward').mockImplementation((inputs) => {
        if (++calls === step) controller.abort();
        return forward(inputs);
      });
      try {
        await expect(decode(runtime, speech, { signal: controller.signal }), `aborted in forward pass ${step}`).rejects.toBeInstanceOf(
          TranscriptionCancelledError,
        );
        // It ended within a step: Whisper forbids end-of-text as the very first token (its
        // begin-suppress processor runs after ours), so a cancel there costs one step more.
        expect(calls).toBe(step === 1 ? 2 : step);
      } finally {
        spy.mockRestore();
      }
    }
    // The runtime is still usable afterwards.
    expect(await decode(runtime, speech)).toBe(SPEECH_TEXT);
  });
});
