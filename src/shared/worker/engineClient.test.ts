/**
 * The worker runtime on its own: an EngineClient joined to real hosts (serve) over real
 * MessageChannels, one per worker started, around a tiny engine whose behaviour each test sets.
 * Messages are structured-cloned and asynchronous, as between a page and a worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EscribaError } from '../errors';
import type { ComputeDevice } from '../gpuRecovery';
import { WorkerConnection, type WorkerLike } from './connection';
import { CLIENT_STATUSES, EngineClient, engineMethodChecks, type EngineMethods } from './engineClient';
import { serve, watchStatus, type HostScope } from './host';
import { isNothing, isWorkerRequest, type Method, type Protocol } from './protocol';
import { MAX_WORKER_REPLACEMENTS, type WorkerReplacementPolicy } from './workerReplacement';

class ToyError extends EscribaError {
  override name = 'ToyError';
}
class ToyGpuLostError extends EscribaError {
  override name = 'ToyGpuLostError';
}
class ToyCancelledError extends EscribaError {
  override name = 'ToyCancelledError';
}
class ToyWorkerError extends EscribaError {
  override name = 'ToyWorkerError';
}
class ToyNotReadyError extends EscribaError {
  override name = 'ToyNotReadyError';
}

interface ToyLoad {
  model: { id: string };
  device: ComputeDevice;
}
interface ToyStatus {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  files: never[];
  device?: ComputeDevice;
  notice?: string;
  error?: { name: string; message: string };
}
type ToyWork = { count: Method<{ to: number }, number, string> };

const isRecordWith = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const PROTOCOL: Protocol<EngineMethods<ToyLoad, ToyStatus> & ToyWork> = {
  methods: {
    ...engineMethodChecks(
      (v): v is ToyLoad => isRecordWith(v) && isRecordWith(v.model) && (v.device === 'webgpu' || v.device === 'wasm'),
      (v): v is ToyStatus => isRecordWith(v) && typeof v.phase === 'string' && Array.isArray(v.files),
    ),
    count: {
      params: (v): v is { to: number } => isRecordWith(v) && typeof v.to === 'number',
      progress: (v): v is number => typeof v === 'number',
      result: (v): v is string => typeof v === 'string',
    },
  },
  errors: { ToyError, ToyGpuLostError, ToyCancelledError, ToyWorkerError, ToyNotReadyError },
};

const NOTICE_RELOADED = 'Se reinició la placa de video.';
const NOTICE_ON_CPU = 'Ahora con el procesador.';
const policy = (pastCap: WorkerReplacementPolicy['pastCap']): WorkerReplacementPolicy => ({
  isGpuLost: (error) => error instanceof ToyGpuLostError,
  pastCap,
  notice: (device) => (device === 'webgpu' ? NOTICE_RELOADED : NOTICE_ON_CPU),
});

class ToyClient extends EngineClient<ToyLoad, ToyStatus, ToyWork> {
  count(to: number, options: { signal?: AbortSignal; onProgress?: (n: number) => void } = {}): Promise<string> {
    return this.run('count', { to }, options);
  }
}

/** One worker's engine: records what reached it; `count` does what the test sets. */
class ToyEngine {
  status: ToyStatus = { phase: 'idle', files: [] };
  readonly loads: ComputeDevice[] = [];
  readonly counts: number[] = [];
  disposed = false;
  countImpl: (to: number, call: { signal: AbortSignal; progress(n: number): void }) => Promise<string> = async (to, { progress }) => {
    for (let n = 1; n <= to; n++) progress(n);
    return `contó hasta ${to}`;
  };
  private readonly listeners = new Set<(status: ToyStatus) => void>();
  getStatus = () => this.status;
  subscribe(listener: (status: ToyStatus) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(status: ToyStatus) {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

/** A worker as the client sees it: one end of a MessageChannel; the host serves the other end. */
class ChannelWorker extends EventTarget implements WorkerLike {
  terminated = false;
  constructor(private readonly port: MessagePort) {
    super();
    port.addEventListener('message', (event) => this.dispatchEvent(new MessageEvent('message', { data: event.data })));
    port.start();
  }
  postMessage(message: unknown) {
    this.port.postMessage(message);
  }
  terminate() {
    this.terminated = true;
    this.port.close();
  }
}

const openPorts: MessagePort[] = [];
afterEach(() => openPorts.splice(0).forEach((port) => port.close()));

/** A worker hosting `engine` at the other end of a new MessageChannel. */
function hostEngine(engine: ToyEngine): ChannelWorker {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  const scope: HostScope = {
    postMessage: (message) => port2.postMessage(message),
    addEventListener: (_type, listener) => port2.addEventListener('message', listener),
  };
  port2.start();
  serve(scope, PROTOCOL, {
    watch: watchStatus(engine),
    load: async (request) => {
      engine.loads.push(request.device);
      engine.set({ phase: 'loading', files: [], device: request.device });
      await Promise.resolve();
      engine.set({ phase: 'ready', files: [], device: request.device });
      return engine.status;
    },
    count: (params, call) => {
      engine.counts.push(params.to);
      return engine.countImpl(params.to, call);
    },
    dispose: async () => {
      engine.disposed = true;
      engine.set({ phase: 'idle', files: [] });
      return undefined;
    },
  });
  return new ChannelWorker(port1);
}

/** A client whose workers each host a new ToyEngine, set up by `setUp` (given its index). */
function connect(pastCap: WorkerReplacementPolicy['pastCap'] = 'processor', setUp: (engine: ToyEngine, index: number) => void = () => undefined) {
  const engines: ToyEngine[] = [];
  const workers: ChannelWorker[] = [];
  const create = () => {
    const engine = new ToyEngine();
    setUp(engine, engines.length);
    engines.push(engine);
    const worker = hostEngine(engine);
    workers.push(worker);
    return worker;
  };
  const client = new ToyClient(create, {
    protocol: PROTOCOL,
    statuses: CLIENT_STATUSES,
    gpuLoss: policy(pastCap),
    errors: {
      worker: (message = 'El proceso se detuvo') => new ToyWorkerError(message),
      replaced: () => new ToyGpuLostError('Se reemplazó el proceso'),
      notReady: () => new ToyNotReadyError('No hay modelo cargado'),
      cancelled: () => new ToyCancelledError('Cancelado'),
    },
  });
  return { client, engines, workers };
}

const LOAD: ToyLoad = { model: { id: 'juguete' }, device: 'webgpu' };
const lose = () => Promise.reject(new ToyGpuLostError('se perdió la placa'));

describe('EngineClient ↔ host over a MessageChannel', () => {
  it('loads, mirrors every status change to listeners, and streams a call’s progress before its result', async () => {
    const { client } = connect();
    const seen: string[] = [];
    client.subscribe((status) => seen.push(status.phase));
    expect(await client.load(LOAD)).toMatchObject({ phase: 'ready', device: 'webgpu' });
    await expect.poll(() => client.getStatus().phase).toBe('ready');
    expect(seen).toEqual(['idle', 'loading', 'ready']);
    const progress: number[] = [];
    expect(await client.count(3, { onProgress: (n) => progress.push(n) })).toBe('contó hasta 3');
    expect(progress).toEqual([1, 2, 3]);
  });

  it('rebuilds the protocol’s errors by name; others keep their name as EscribaError', async () => {
    const { client, engines } = connect('processor', (engine, i) => {
      engine.countImpl = async (to) => {
        if (to === 1) throw new ToyError('falló', { cause: new Error('detalle del motor') });
        throw new RangeError(`fuera de rango ${i}`);
      };
    });
    await client.load(LOAD);
    await expect(client.count(1)).rejects.toMatchObject({ constructor: ToyError, message: 'falló: detalle del motor' });
    const other = await client.count(2).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(EscribaError);
    expect(other).toMatchObject({ name: 'RangeError', message: 'fuera de rango 0' });
    expect(engines).toHaveLength(1);
  });

  it('cancelling is a message: the host’s signal aborts and the call rejects with its answer; the worker stays', async () => {
    let sawAbort = false;
    const { client, engines, workers } = connect('processor', (engine) => {
      engine.countImpl = (_to, { signal }) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new ToyCancelledError('cancelado en el motor'));
          }),
        );
    });
    await client.load(LOAD);
    const controller = new AbortController();
    const running = client.count(5, { signal: controller.signal });
    await expect.poll(() => engines[0]!.counts.length).toBe(1);
    controller.abort();
    await expect(running).rejects.toMatchObject({ constructor: ToyCancelledError, message: 'cancelado en el motor' });
    expect(sawAbort).toBe(true);
    expect(workers[0]!.terminated).toBe(false);
    // Already aborted: refused without a round trip.
    await expect(client.count(5, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(ToyCancelledError);
    expect(engines[0]!.counts).toEqual([5]);
  });

  it('a connection still sends a call aborted before it was sent, and cancels it at once (a paused download answers)', async () => {
    const engine = new ToyEngine();
    engine.countImpl = (_to, { signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('en pausa'), { once: true }));
    const connection = new WorkerConnection(hostEngine(engine), PROTOCOL, { crashed: () => undefined, broken: (message) => new ToyWorkerError(message) });
    expect(await connection.call('count', { to: 4 }, { signal: AbortSignal.abort() })).toBe('en pausa');
    expect(engine.counts).toEqual([4]);
  });

  it('a crashed worker fails its pending calls and leaves the status in error; the next load starts a new worker', async () => {
    const { client, engines, workers } = connect('processor', (engine) => {
      engine.countImpl = () => new Promise(() => undefined);
    });
    await client.load(LOAD);
    const pending = client.count(1);
    await expect.poll(() => engines[0]!.counts.length).toBe(1);
    workers[0]!.dispatchEvent(new Event('error'));
    await expect(pending).rejects.toBeInstanceOf(ToyWorkerError);
    expect(client.getStatus()).toEqual({ phase: 'error', files: [], error: { name: 'ToyWorkerError', message: 'El proceso se detuvo' } });
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.count(1)).rejects.toBeInstanceOf(ToyNotReadyError);
    await client.load(LOAD);
    expect(workers).toHaveLength(2);
    await expect.poll(() => client.getStatus().phase).toBe('ready');
  });

  it('a load of the model and device loading or ready is joined, not repeated; another device loads', async () => {
    const { client, engines } = connect();
    const [first, second] = await Promise.all([client.load(LOAD), client.load({ ...LOAD, model: { id: 'juguete' } })]);
    expect(second).toBe(first);
    await expect.poll(() => client.getStatus().phase).toBe('ready');
    expect(await client.load(LOAD)).toMatchObject({ phase: 'ready' });
    expect(engines[0]!.loads).toEqual(['webgpu']);
    await client.load({ ...LOAD, device: 'wasm' });
    expect(engines[0]!.loads).toEqual(['webgpu', 'wasm']);
    expect(engines).toHaveLength(1);
  });

  it('dispose releases the engine, ends the worker, fails what was waiting and returns to idle', async () => {
    const { client, engines, workers } = connect();
    await client.dispose(); // nothing started
    expect(workers).toHaveLength(0);
    await client.load(LOAD);
    await client.dispose();
    expect(engines[0]!.disposed).toBe(true);
    expect(workers[0]!.terminated).toBe(true);
    expect(client.getStatus()).toEqual({ phase: 'idle', files: [] });
    await expect(client.count(1)).rejects.toBeInstanceOf(ToyNotReadyError);
  });

  it('the host ignores messages that are not requests of its protocol (checked, not cast)', () => {
    expect(isWorkerRequest(PROTOCOL, { type: 'count', id: 1, params: { to: '3' } })).toBe(false);
    expect(isWorkerRequest(PROTOCOL, { type: 'toString', id: 1, params: undefined })).toBe(false);
    expect(isWorkerRequest(PROTOCOL, { harness: 'lose-gpu' })).toBe(false);
    expect(isWorkerRequest(PROTOCOL, { type: 'load', id: 1, params: { model: { id: 'x' }, device: 'cuda' } })).toBe(false);
    expect(isWorkerRequest(PROTOCOL, { type: 'count', id: 1, params: { to: 3 } })).toBe(true);
    expect(isWorkerRequest(PROTOCOL, { type: 'cancel', id: 1 })).toBe(true);
    expect(isNothing(null)).toBe(false);
  });

  describe('GPU-loss policy', () => {
    it('a call that lost its GPU ends that worker, loads the model in a new one, runs again with a notice for listeners', async () => {
      const { client, engines, workers } = connect('processor', (engine, i) => {
        if (i === 0) engine.countImpl = lose;
      });
      const notices: (string | undefined)[] = [];
      client.subscribe((status) => notices.push(status.notice));
      await client.load(LOAD);
      expect(await client.count(2)).toBe('contó hasta 2');
      expect(workers.map((w) => w.terminated)).toEqual([true, false]);
      expect(engines[1]!.loads).toEqual(['webgpu']);
      expect(engines[1]!.counts).toEqual([2]);
      expect(client.getStatus()).toMatchObject({ phase: 'ready', notice: NOTICE_RELOADED });
      expect(notices.at(-1)).toBe(NOTICE_RELOADED);
      // The loaded model again: joined, the notice stays; another load starts afresh without it.
      await client.load(LOAD);
      expect(client.getStatus().notice).toBe(NOTICE_RELOADED);
      await client.load({ ...LOAD, device: 'wasm' });
      expect(client.getStatus().notice).toBeUndefined();
    });

    it('calls waiting in the lost worker run again in the new one, which is started once', async () => {
      const { client, engines } = connect('processor', (engine, i) => {
        if (i === 0) engine.countImpl = (to) => (to === 1 ? new Promise((_, reject) => setTimeout(() => reject(new ToyGpuLostError('perdida')), 20)) : new Promise(() => undefined));
      });
      await client.load(LOAD);
      expect(await Promise.all([client.count(1), client.count(2), client.count(3)])).toEqual(['contó hasta 1', 'contó hasta 2', 'contó hasta 3']);
      expect(engines).toHaveLength(2);
      expect(engines[1]!.counts.sort()).toEqual([1, 2, 3]);
    });

    it('a second loss of the same call reaches the caller; the next load replaces that worker and drops the notice', async () => {
      const { client, engines, workers } = connect('processor', (engine, i) => {
        if (i < 2) engine.countImpl = lose;
      });
      await client.load(LOAD);
      await expect(client.count(1)).rejects.toBeInstanceOf(ToyGpuLostError);
      expect(engines).toHaveLength(2);
      expect(client.getStatus().notice).toBe(NOTICE_RELOADED);
      // That worker's runtime is unusable: a load of the same model does not trust it.
      await client.load(LOAD);
      expect(engines).toHaveLength(3);
      expect(workers[1]!.terminated).toBe(true);
      await expect.poll(() => client.getStatus()).toMatchObject({ phase: 'ready' });
      expect(client.getStatus().notice).toBeUndefined();
      expect(await client.count(1)).toBe('contó hasta 1');
    });

    it(`replacement cap, 'processor': after ${MAX_WORKER_REPLACEMENTS} replacements the model loads on the processor`, async () => {
      const { client, engines } = connect('processor', (engine) => {
        engine.countImpl = async (to) => {
          if (engine.status.device === 'webgpu') throw new ToyGpuLostError('perdida');
          return `contó hasta ${to}`;
        };
      });
      await client.load(LOAD);
      // Each call loses the GPU in its worker and again in the replacement: one new worker a call.
      for (let i = 0; i < MAX_WORKER_REPLACEMENTS; i++) await expect(client.count(1)).rejects.toBeInstanceOf(ToyGpuLostError);
      expect(engines.map((e) => e.loads[0])).toEqual(Array(1 + MAX_WORKER_REPLACEMENTS).fill('webgpu'));
      expect(await client.count(7)).toBe('contó hasta 7');
      expect(engines.map((e) => e.loads[0])).toEqual([...Array(1 + MAX_WORKER_REPLACEMENTS).fill('webgpu'), 'wasm']);
      expect(client.getStatus()).toMatchObject({ device: 'wasm', notice: NOTICE_ON_CPU });
    });

    it(`replacement cap, 'stop': after ${MAX_WORKER_REPLACEMENTS} replacements the loss reaches the caller and no worker is started`, async () => {
      const { client, engines } = connect('stop', (engine) => {
        engine.countImpl = lose;
      });
      await client.load(LOAD);
      for (let i = 0; i < MAX_WORKER_REPLACEMENTS; i++) await expect(client.count(1)).rejects.toBeInstanceOf(ToyGpuLostError);
      expect(engines).toHaveLength(1 + MAX_WORKER_REPLACEMENTS);
      await expect(client.count(1)).rejects.toBeInstanceOf(ToyGpuLostError);
      expect(engines).toHaveLength(1 + MAX_WORKER_REPLACEMENTS);
      expect(engines.every((e) => e.loads[0] === 'webgpu')).toBe(true);
    });
  });
});
