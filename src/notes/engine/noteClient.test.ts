/**
 * NoteClient ↔ note host, joined as a worker joins them (every message structured-cloned and
 * asynchronous), around a fake engine: the protocol, not a model.
 */
import { describe, expect, it } from 'vitest';
import type { TransformersJsModel } from '../../model-manager/catalogSchema';
import {
  EscribaError,
  NoteGenerationCancelledError,
  NoteGpuLostError,
  NoteModelMissingError,
  NoteNotReadyError,
  NoteWorkerError,
} from '../../shared/errors';
import { serveNotes, type NoteHostScope } from './note.host';
import type { WorkerLike } from '../../shared/worker/connection';
import { fromWireError, toWireError } from '../../shared/worker/errorCodec';
import { isWorkerRequest } from '../../shared/worker/protocol';
import { NOTE_PROTOCOL } from './note.protocol';
import { NoteClient } from './noteClient';
import { NOTICE_NOTE_RESTARTED } from './noteGpuRecovery';
import type { NoteEngine, NoteEngineStatus, NoteGenerationRequest, NoteGenerationResult } from './noteEngine';

type Listener = (event: Event) => void;
type HostListener = (event: MessageEvent<unknown>) => void;

const MODEL: TransformersJsModel = {
  id: 'llm-prueba',
  name: 'LLM de prueba',
  description: 'Para pruebas.',
  task: 'llm',
  engine: 'transformers.js',
  tier: 'cpu',
  languages: ['es'],
  license: 'mit',
  contextWindowTokens: 4096,
  source: {
    host: 'http://localhost/models',
    repo: 'escriba/llm-prueba',
    revision: 'a'.repeat(40),
    files: [{ path: 'config.json', bytes: 10, approxBytes: 10, sha256: null }],
  },
  variants: [{ device: 'wasm', dtype: { model: 'q8' }, files: ['config.json'], requiredFeatures: [], vramMB: null }],
};
const REQUEST = { messages: [{ role: 'user' as const, content: '[s1] Médica: Buen día.' }], jsonSchema: { type: 'object' }, maxTokens: 50 };
const RESULT: NoteGenerationResult = { text: '{}', promptTokens: 12, outputTokens: 2, timeToFirstTokenMs: 5, totalMs: 9 };

/** An engine whose behaviour each test sets; it records what reached it. */
class FakeEngine implements NoteEngine {
  status: NoteEngineStatus = { phase: 'idle', files: [] };
  readonly calls: NoteGenerationRequest[] = [];
  loads = 0;
  loadError: Error | undefined;
  generateImpl: (request: NoteGenerationRequest) => Promise<NoteGenerationResult> = async (request) => {
    request.onProgress?.({ outputTokens: 1, tokensPerSecond: 0, text: '' });
    request.onProgress?.({ outputTokens: 2, tokensPerSecond: 40, text: '{}' });
    return RESULT;
  };
  private readonly listeners = new Set<(status: NoteEngineStatus) => void>();

  async load(): Promise<NoteEngineStatus> {
    this.loads++;
    this.set({ phase: 'loading', modelId: MODEL.id, device: 'wasm', files: [{ file: 'config.json', loadedBytes: 5, totalBytes: 10 }] });
    if (this.loadError) {
      this.set({ phase: 'error', files: [], error: toWireError(this.loadError) });
      throw this.loadError;
    }
    this.set({ ...this.status, phase: 'ready', files: [{ file: 'config.json', loadedBytes: 10, totalBytes: 10 }] });
    return this.status;
  }
  generate(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    this.calls.push(request);
    return this.generateImpl(request);
  }
  getStatus = () => this.status;
  subscribe(listener: (status: NoteEngineStatus) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async dispose() {
    this.set({ phase: 'idle', files: [] });
  }
  set(status: NoteEngineStatus) {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

function connect(engine: NoteEngine) {
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
    const scope: NoteHostScope = {
      postMessage: (message) => deliver(toClient, message),
      addEventListener: (_type, listener) => toHost.push(listener),
    };
    serveNotes(scope, engine);
    return {
      postMessage: (message) => deliver(toHost, message),
      addEventListener: (type, listener) => (type === 'message' ? toClient : crashListeners).push(listener),
      terminate: () => terminated++,
    };
  };
  return {
    client: new NoteClient(create),
    crash: () => crashListeners.forEach((l) => l(new Event('error'))),
    terminated: () => terminated,
    workersStarted: () => workers,
  };
}

describe('NoteClient ↔ note worker host', () => {
  it('loads, mirrors every status change, and generates with streamed progress', async () => {
    const engine = new FakeEngine();
    const { client } = connect(engine);
    const seen: NoteEngineStatus[] = [];
    client.subscribe((status) => seen.push(status));
    expect(await client.load({ model: MODEL, device: 'wasm' })).toMatchObject({ phase: 'ready', modelId: MODEL.id, device: 'wasm' });
    await expect.poll(() => client.getStatus().phase).toBe('ready');
    expect(seen.map((s) => s.phase)).toEqual(['idle', 'loading', 'ready']);

    const progress: number[] = [];
    const result = await client.generate({ ...REQUEST, onProgress: (p) => progress.push(p.outputTokens) });
    expect(result).toEqual(RESULT);
    expect(progress).toEqual([1, 2]);
    expect(engine.calls[0]).toMatchObject(REQUEST);
  });

  it('rebuilds named errors on the main thread, keeping the cause’s words', async () => {
    const engine = new FakeEngine();
    engine.loadError = new NoteModelMissingError('Faltan archivos', { cause: 'onnx/model_quantized.onnx' });
    const { client } = connect(engine);
    const error = await client.load({ model: MODEL, device: 'wasm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoteModelMissingError);
    expect(error).toMatchObject({ name: 'NoteModelMissingError', message: 'Faltan archivos: onnx/model_quantized.onnx' });
    await expect.poll(() => client.getStatus()).toMatchObject({ phase: 'error', error: { name: 'NoteModelMissingError' } });
    const unknown = fromWireError(NOTE_PROTOCOL.errors, toWireError('cadena de web-llm'));
    expect(unknown).toBeInstanceOf(EscribaError);
    expect(unknown).toMatchObject({ name: 'Error', message: 'cadena de web-llm' });
  });

  it('cancelling is a message: the engine sees its signal abort and the call rejects as cancelled', async () => {
    const engine = new FakeEngine();
    engine.generateImpl = ({ signal }) =>
      new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new NoteGenerationCancelledError('cancelada'))));
    const { client, terminated } = connect(engine);
    await client.load({ model: MODEL, device: 'wasm' });
    const controller = new AbortController();
    const running = client.generate({ ...REQUEST, signal: controller.signal });
    await expect.poll(() => engine.calls.length).toBe(1);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(NoteGenerationCancelledError);
    expect(terminated()).toBe(0);
    await expect(client.generate({ ...REQUEST, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(NoteGenerationCancelledError);
    expect(engine.calls).toHaveLength(1);
  });

  it('a crashed worker rejects pending calls with NoteWorkerError; the next load starts a new one', async () => {
    const engine = new FakeEngine();
    engine.generateImpl = () => new Promise(() => undefined);
    const { client, crash, terminated, workersStarted } = connect(engine);
    await expect(client.generate(REQUEST)).rejects.toBeInstanceOf(NoteNotReadyError);
    await client.load({ model: MODEL, device: 'wasm' });
    const pending = client.generate(REQUEST);
    await expect.poll(() => engine.calls.length).toBe(1);
    crash();
    await expect(pending).rejects.toBeInstanceOf(NoteWorkerError);
    expect(client.getStatus()).toMatchObject({ phase: 'error', error: { name: 'NoteWorkerError' } });
    expect(terminated()).toBe(1);
    await client.load({ model: MODEL, device: 'wasm' });
    expect(workersStarted()).toBe(2);
  });

  it('after a GPU lost mid-note, ends that worker, loads the model in a new one and writes the note again, with a notice; once', async () => {
    const engine = new FakeEngine();
    let losses = 1;
    const normal = engine.generateImpl;
    engine.generateImpl = async (request) => {
      if (losses-- > 0) throw new NoteGpuLostError('La placa de video dejó de responder');
      return normal(request);
    };
    const { client, terminated, workersStarted } = connect(engine);
    await client.load({ model: MODEL, device: 'wasm' });
    expect(await client.generate(REQUEST)).toEqual(RESULT);
    expect(workersStarted()).toBe(2);
    expect(terminated()).toBe(1);
    await expect.poll(() => client.getStatus()).toMatchObject({ phase: 'ready', notice: NOTICE_NOTE_RESTARTED });

    // Lost twice in one call: the doctor hears of it.
    losses = 2;
    await expect(client.generate(REQUEST)).rejects.toBeInstanceOf(NoteGpuLostError);
    expect(workersStarted()).toBe(3);
    // A load the app asks for starts afresh, without the old notice.
    await client.load({ model: MODEL, device: 'wasm' });
    await expect.poll(() => client.getStatus().notice).toBeUndefined();
  });

  it('a second «Generar nota» while the model loads joins that load instead of loading it again', async () => {
    const engine = new FakeEngine();
    const { client } = connect(engine);
    const [first, second] = await Promise.all([client.load({ model: MODEL, device: 'wasm' }), client.load({ model: MODEL, device: 'wasm' })]);
    expect(second).toBe(first);
    expect(engine.loads).toBe(1);
  });

  it('the worker ignores messages that are not requests', () => {
    const isNoteRequest = (data: unknown) => isWorkerRequest(NOTE_PROTOCOL, data);
    expect(isNoteRequest({ type: 'generate', id: 1, params: { ...REQUEST, maxTokens: '50' } })).toBe(false);
    expect(isNoteRequest({ type: 'load', id: 1, params: { model: { id: 'x' }, device: 'wasm' } })).toBe(false);
    expect(isNoteRequest({ type: 'load', id: 1, params: { model: MODEL, device: 'cuda' } })).toBe(false);
    expect(isNoteRequest({ type: 'generate', id: 1, params: REQUEST })).toBe(true);
  });
});
