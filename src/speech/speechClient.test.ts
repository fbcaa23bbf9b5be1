/**
 * SpeechClient ↔ speech host, joined as a worker joins them (every message structured-cloned and
 * asynchronous), around a fake engine: the protocol, not Whisper.
 */
import { describe, expect, it } from 'vitest';
import type { TransformersJsModel } from '../model-manager/catalogSchema';
import {
  EscribaError,
  SpeechModelMissingError,
  SpeechNotReadyError,
  SpeechWorkerError,
  TranscriptionCancelledError,
  TranscriptionError,
} from '../shared/errors';
import { spanishMessage } from '../shared/messages';
import { serveSpeech, type SpeechHostScope } from './speech.host';
import { fromWireError, isSpeechRequest, toWireError } from './speech.protocol';
import { SpeechClient, type SpeechWorkerLike } from './speechClient';
import type { SpeechEngine, SpeechStatus, TranscribeOptions, Transcription } from './speechEngine';

type Listener = (event: Event) => void;
type HostListener = (event: MessageEvent<unknown>) => void;

const MODEL: TransformersJsModel = {
  id: 'whisper-prueba',
  name: 'Whisper de prueba',
  description: 'Para pruebas.',
  task: 'speech',
  engine: 'transformers.js',
  tier: 'cpu',
  languages: ['es'],
  license: 'mit',
  contextWindowTokens: null,
  source: {
    host: 'http://localhost/models',
    repo: 'escriba/whisper-prueba',
    revision: 'a'.repeat(40),
    files: [{ path: 'config.json', bytes: 10, approxBytes: 10, sha256: null }],
  },
  variants: [{ device: 'wasm', dtype: { encoder_model: 'q8' }, files: ['config.json'], requiredFeatures: [], vramMB: null }],
};

/** An engine whose behaviour each test sets; it records what reached it. */
class FakeEngine implements SpeechEngine {
  status: SpeechStatus = { phase: 'idle', files: [] };
  readonly calls: { audio: number; prompt: string | undefined }[] = [];
  loadError: Error | undefined;
  transcribeImpl: (audio: Float32Array, options: TranscribeOptions) => Promise<Transcription> = async (audio) => ({
    text: `${audio.length} muestras`,
    device: 'wasm',
  });
  disposed = 0;
  private readonly listeners = new Set<(status: SpeechStatus) => void>();

  async load(): Promise<SpeechStatus> {
    this.set({ phase: 'loading', modelId: MODEL.id, device: 'wasm', files: [{ file: 'config.json', loadedBytes: 5, totalBytes: 10 }] });
    if (this.loadError) {
      this.set({ phase: 'error', files: [], error: toWireError(this.loadError) });
      throw this.loadError;
    }
    this.set({ ...this.status, phase: 'ready', files: [{ file: 'config.json', loadedBytes: 10, totalBytes: 10 }] });
    return this.status;
  }
  transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcription> {
    this.calls.push({ audio: audio.length, prompt: options.prompt });
    return this.transcribeImpl(audio, options);
  }
  getStatus = () => this.status;
  subscribe(listener: (status: SpeechStatus) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async dispose() {
    this.disposed++;
    this.set({ phase: 'idle', files: [] });
  }
  set(status: SpeechStatus) {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

interface Joined {
  client: SpeechClient;
  /** Fires the worker's `error` event, as a crash or a chunk that failed to load does. */
  crash(): void;
  terminated(): number;
  workersStarted(): number;
}

function connect(engine: SpeechEngine): Joined {
  let workers = 0;
  let terminated = 0;
  let crashListeners: Listener[] = [];
  const create = (): SpeechWorkerLike => {
    workers++;
    const toHost: HostListener[] = [];
    const toClient: Listener[] = [];
    crashListeners = [];
    const deliver = (listeners: (Listener | HostListener)[], message: unknown) =>
      setTimeout(() => listeners.forEach((l) => l(new MessageEvent('message', { data: structuredClone(message) }))));
    const scope: SpeechHostScope = {
      postMessage: (message) => deliver(toClient, message),
      addEventListener: (_type, listener) => toHost.push(listener),
    };
    serveSpeech(scope, engine);
    return {
      postMessage: (message) => deliver(toHost, message),
      addEventListener: (type, listener) => (type === 'message' ? toClient : crashListeners).push(listener),
      terminate: () => terminated++,
    };
  };
  return {
    client: new SpeechClient(create),
    crash: () => crashListeners.forEach((l) => l(new Event('error'))),
    terminated: () => terminated,
    workersStarted: () => workers,
  };
}

describe('SpeechClient ↔ speech worker host', () => {
  it('loads, mirrors every status change, and transcribes with the prompt', async () => {
    const engine = new FakeEngine();
    const { client } = connect(engine);
    const seen: SpeechStatus[] = [];
    client.subscribe((status) => seen.push(status));
    const status = await client.load({ model: MODEL, device: 'wasm' });
    expect(status).toMatchObject({ phase: 'ready', modelId: MODEL.id, device: 'wasm' });
    await expect.poll(() => client.getStatus().phase).toBe('ready');
    expect(seen.map((s) => s.phase)).toEqual(['idle', 'loading', 'ready']);
    expect(seen[1]!.files).toEqual([{ file: 'config.json', loadedBytes: 5, totalBytes: 10 }]);

    const audio = new Float32Array(16_000);
    expect(await client.transcribe(audio, { prompt: 'enalapril' })).toEqual({ text: '16000 muestras', device: 'wasm' });
    expect(engine.calls).toEqual([{ audio: 16_000, prompt: 'enalapril' }]);
    expect(audio.length).toBe(16_000); // copied, not transferred
  });

  it('rebuilds named errors on the main thread, with the Spanish text the doctor reads', async () => {
    const engine = new FakeEngine();
    engine.loadError = new SpeechModelMissingError('falta onnx/encoder_model.onnx');
    const { client } = connect(engine);
    const error = await client.load({ model: MODEL, device: 'wasm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpeechModelMissingError);
    expect(error).toMatchObject({ name: 'SpeechModelMissingError', message: 'falta onnx/encoder_model.onnx' });
    expect(spanishMessage(error)).toMatch(/Falta descargar parte del modelo de transcripción/);
    await expect.poll(() => client.getStatus()).toMatchObject({ phase: 'error', error: { name: 'SpeechModelMissingError' } });

    engine.loadError = undefined;
    await client.load({ model: MODEL, device: 'wasm' });
    engine.transcribeImpl = async () => {
      throw new TranscriptionError('falló en todos los dispositivos');
    };
    await expect(client.transcribe(new Float32Array(10))).rejects.toBeInstanceOf(TranscriptionError);
    const unknown = fromWireError(toWireError(new RangeError('fuera de rango')));
    expect(unknown).toBeInstanceOf(EscribaError);
    expect(unknown.name).toBe('RangeError');
  });

  it('cancelling is a message: the engine sees its signal abort and the call rejects as cancelled', async () => {
    const engine = new FakeEngine();
    let sawAbort = false;
    engine.transcribeImpl = (_audio, { signal }) =>
      new Promise((_, reject) =>
        signal?.addEventListener('abort', () => {
          sawAbort = true;
          reject(new TranscriptionCancelledError('cancelada'));
        }),
      );
    const { client, terminated } = connect(engine);
    await client.load({ model: MODEL, device: 'wasm' });
    const controller = new AbortController();
    const running = client.transcribe(new Float32Array(10), { signal: controller.signal });
    await expect.poll(() => engine.calls.length).toBe(1);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(TranscriptionCancelledError);
    expect(sawAbort).toBe(true);
    expect(terminated()).toBe(0);
    // Already aborted: refused without a round trip.
    await expect(client.transcribe(new Float32Array(10), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      TranscriptionCancelledError,
    );
    expect(engine.calls).toHaveLength(1);
  });

  it('a crashed worker rejects pending calls with SpeechWorkerError; the next load starts a new one', async () => {
    const engine = new FakeEngine();
    engine.transcribeImpl = () => new Promise(() => undefined);
    const { client, crash, terminated, workersStarted } = connect(engine);
    await client.load({ model: MODEL, device: 'wasm' });
    const pending = client.transcribe(new Float32Array(10));
    await expect.poll(() => engine.calls.length).toBe(1);
    crash();
    await expect(pending).rejects.toBeInstanceOf(SpeechWorkerError);
    expect(client.getStatus()).toMatchObject({ phase: 'error', error: { name: 'SpeechWorkerError' } });
    expect(terminated()).toBe(1);
    await expect(client.transcribe(new Float32Array(10))).rejects.toBeInstanceOf(SpeechNotReadyError);
    await client.load({ model: MODEL, device: 'wasm' });
    expect(workersStarted()).toBe(2);
  });

  it('dispose releases the engine, ends the worker and returns to idle', async () => {
    const engine = new FakeEngine();
    const { client, terminated } = connect(engine);
    await client.dispose(); // nothing started: nothing to do
    await client.load({ model: MODEL, device: 'wasm' });
    await client.dispose();
    expect(engine.disposed).toBe(1);
    expect(terminated()).toBe(1);
    expect(client.getStatus()).toEqual({ phase: 'idle', files: [] });
  });

  it('the worker ignores malformed requests (checked, not cast)', () => {
    expect(isSpeechRequest({ type: 'transcribe', id: 1, audio: [0, 1] })).toBe(false);
    expect(isSpeechRequest({ type: 'load', id: 1, request: { device: 'wasm', model: { id: 'x' } } })).toBe(false);
    expect(isSpeechRequest({ type: 'load', id: 1, request: { device: 'cuda', model: MODEL } })).toBe(false);
    expect(isSpeechRequest({ type: 'load', id: 1, request: { device: 'wasm', model: MODEL } })).toBe(true);
    expect(isSpeechRequest({ type: 'transcribe', id: 2, audio: new Float32Array(1), prompt: 'x' })).toBe(true);
  });
});
