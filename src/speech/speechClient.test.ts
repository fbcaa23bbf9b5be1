/**
 * SpeechClient ↔ speech host, joined as a worker joins them (every message structured-cloned and
 * asynchronous), around a fake engine: the protocol, not Whisper.
 */
import { describe, expect, it } from 'vitest';
import type { TransformersJsModel } from '../model-manager/catalogSchema';
import {
  EscribaError,
  SpeechGpuLostError,
  SpeechModelMissingError,
  SpeechNotReadyError,
  SpeechWorkerError,
  TranscriptionCancelledError,
  TranscriptionError,
} from '../shared/errors';
import { spanishMessage } from '../shared/messages';
import { serveSpeech, type SpeechHostScope } from './speech.host';
import type { WorkerLike } from '../shared/worker/connection';
import { fromWireError, toWireError } from '../shared/worker/errorCodec';
import { isWorkerRequest } from '../shared/worker/protocol';
import { MAX_WORKER_REPLACEMENTS } from '../shared/worker/workerReplacement';
import { SPEECH_PROTOCOL } from './speech.protocol';
import { SpeechClient } from './speechClient';
import type { SpeechEngine, SpeechLoadRequest, SpeechStatus, TranscribeOptions, Transcription } from './speechEngine';
import { NOTICE_GPU_RELOADED, NOTICE_NOW_ON_CPU } from './speechGpuRecovery';

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
  readonly loads: SpeechLoadRequest['device'][] = [];
  loadError: Error | undefined;
  transcribeImpl: (audio: Float32Array, options: TranscribeOptions) => Promise<Transcription> = async (audio) => ({
    text: `${audio.length} muestras`,
    device: 'wasm',
  });
  disposed = 0;
  private readonly listeners = new Set<(status: SpeechStatus) => void>();

  async load(request?: SpeechLoadRequest): Promise<SpeechStatus> {
    const device = request?.device ?? 'wasm';
    this.loads.push(device);
    this.set({ phase: 'loading', modelId: MODEL.id, device, files: [{ file: 'config.json', loadedBytes: 5, totalBytes: 10 }] });
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

/** Joins a client to workers; `engine` may be a factory, one engine per worker started. */
function connect(engine: SpeechEngine | (() => SpeechEngine)): Joined {
  let workers = 0;
  let terminated = 0;
  let crashListeners: Listener[] = [];
  const create = (): WorkerLike => {
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
    serveSpeech(scope, typeof engine === 'function' ? engine() : engine);
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
    const unknown = fromWireError(SPEECH_PROTOCOL.errors, toWireError(new RangeError('fuera de rango')));
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
    const isSpeechRequest = (data: unknown) => isWorkerRequest(SPEECH_PROTOCOL, data);
    expect(isSpeechRequest({ type: 'transcribe', id: 1, params: { audio: [0, 1] } })).toBe(false);
    expect(isSpeechRequest({ type: 'load', id: 1, params: { device: 'wasm', model: { id: 'x' } } })).toBe(false);
    expect(isSpeechRequest({ type: 'load', id: 1, params: { device: 'cuda', model: MODEL } })).toBe(false);
    expect(isSpeechRequest({ type: 'load', id: 1, params: { device: 'wasm', model: MODEL } })).toBe(true);
    expect(isSpeechRequest({ type: 'transcribe', id: 2, params: { audio: new Float32Array(1), prompt: 'x' } })).toBe(true);
  });

  describe('a transcription that lost its GPU', () => {
    const lostGpu = () => Promise.reject(new SpeechGpuLostError('La placa de video dejó de responder'));
    /** One engine per worker: the first `lose` workers lose the GPU on every call. */
    function workers(lose: number) {
      const engines: FakeEngine[] = [];
      const joined = connect(() => {
        const engine = new FakeEngine();
        if (engines.length < lose) engine.transcribeImpl = lostGpu;
        else engine.transcribeImpl = async (audio) => ({ text: `${audio.length} muestras`, device: engine.status.device ?? 'wasm' });
        engines.push(engine);
        return engine;
      });
      return { ...joined, engines };
    }

    it('ends that worker, loads the model in a new one, runs the call again, and tells the doctor', async () => {
      const { client, engines, terminated, workersStarted } = workers(1);
      await client.load({ model: MODEL, device: 'webgpu' });
      expect(await client.transcribe(new Float32Array(16), { prompt: 'p' })).toEqual({ text: '16 muestras', device: 'webgpu' });
      expect([workersStarted(), terminated()]).toEqual([2, 1]);
      expect(engines[1]!.loads).toEqual(['webgpu']);
      expect(engines[1]!.calls).toEqual([{ audio: 16, prompt: 'p' }]);
      await expect.poll(() => client.getStatus()).toMatchObject({ phase: 'ready', device: 'webgpu', notice: NOTICE_GPU_RELOADED });
      // Asking for the loaded model again changes nothing; loading another device is a new start, and the notice goes.
      await client.load({ model: MODEL, device: 'webgpu' });
      expect(client.getStatus().notice).toBe(NOTICE_GPU_RELOADED);
      await client.load({ model: MODEL, device: 'wasm' });
      expect(client.getStatus().notice).toBeUndefined();
    });

    it('runs the calls that were waiting in the old worker in the new one, started once', async () => {
      const engines: FakeEngine[] = [];
      const { client, workersStarted } = connect(() => {
        const engine = new FakeEngine();
        if (engines.length === 0) {
          let calls = 0;
          engine.transcribeImpl = () => (++calls === 1 ? new Promise((_, reject) => setTimeout(() => reject(new SpeechGpuLostError('perdida')), 20)) : new Promise(() => undefined));
        }
        engines.push(engine);
        return engine;
      });
      await client.load({ model: MODEL, device: 'webgpu' });
      const [first, second] = await Promise.all([client.transcribe(new Float32Array(1)), client.transcribe(new Float32Array(2))]);
      expect([first.text, second.text]).toEqual(['1 muestras', '2 muestras']);
      expect(workersStarted()).toBe(2);
    });

    it('a second loss of the same call reaches the caller; a GPU that keeps getting lost ends on the processor', async () => {
      const { client, engines } = workers(Infinity);
      await client.load({ model: MODEL, device: 'webgpu' });
      const error = await client.transcribe(new Float32Array(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpeechGpuLostError);
      expect(spanishMessage(error)).toMatch(/^La placa de video dejó de responder mientras se transcribía/);
      for (let i = 1; i < MAX_WORKER_REPLACEMENTS; i++) await client.transcribe(new Float32Array(1)).catch(() => undefined);
      expect(engines.map((e) => e.loads[0])).toEqual(Array(1 + MAX_WORKER_REPLACEMENTS).fill('webgpu'));
      await client.transcribe(new Float32Array(1)).catch(() => undefined);
      expect(engines.at(-1)!.loads).toEqual(['wasm']);
      await expect.poll(() => client.getStatus()).toMatchObject({ device: 'wasm', notice: NOTICE_NOW_ON_CPU });
    });
  });

  it('a second load of the model that is loading or ready joins it instead of loading again', async () => {
    const engine = new FakeEngine();
    const { client } = connect(engine);
    const [first, second] = await Promise.all([client.load({ model: MODEL, device: 'wasm' }), client.load({ model: MODEL, device: 'wasm' })]);
    expect([first.phase, second.phase]).toEqual(['ready', 'ready']);
    expect(await client.load({ model: MODEL, device: 'wasm' })).toMatchObject({ phase: 'ready' });
    expect(engine.loads).toEqual(['wasm']);
    // Another device is another load; so is a load after an error.
    await client.load({ model: MODEL, device: 'webgpu' });
    expect(engine.loads).toEqual(['wasm', 'webgpu']);
  });
});

