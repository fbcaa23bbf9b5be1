import { describe, expect, it } from 'vitest';
import { DownloadWorkerError, IntegrityError, ModelDownloadError, ModelStorageFullError } from '../shared/errors';
import { spanishMessage } from '../shared/messages';
import { DownloadWorkerClient, type WorkerLike } from './download.client';
import { DownloadEngine } from './download.engine';
import { FakeFileServer } from './download.fakeFetch';
import { serveDownloads, type HostScope } from './download.host';
import type { DownloadResult, ModelDownloader } from './download.types';
import { MemoryModelStore } from './store.memory';

type Listener = (event: Event) => void;
type HostListener = (event: MessageEvent<unknown>) => void;

/** Client and host joined as a worker would join them: every message structured-cloned, async. */
function connect(engine: ModelDownloader): DownloadWorkerClient {
  const toHost: HostListener[] = [];
  const toClient: Listener[] = [];
  const deliver = (listeners: (Listener | HostListener)[], message: unknown) =>
    setTimeout(() => listeners.forEach((l) => l(new MessageEvent('message', { data: structuredClone(message) }))));
  const scope: HostScope = {
    postMessage: (message) => deliver(toClient, message),
    addEventListener: (_type, listener) => toHost.push(listener),
  };
  serveDownloads(scope, engine);
  const worker: WorkerLike = {
    postMessage: (message) => deliver(toHost, message),
    addEventListener: (type, listener) => {
      if (type === 'message') toClient.push(listener);
    },
    terminate: () => undefined,
  };
  return new DownloadWorkerClient(() => worker);
}

/** An engine that answers with a fixed result, to see each named error cross the boundary. */
function fixedEngine(error: Error): ModelDownloader {
  return {
    async download(files) {
      const progress = {
        files: files.map((f) => ({ key: f.key, state: 'error' as const, receivedBytes: 3, totalBytes: 10, error })),
        receivedBytes: 3,
        totalBytes: 10,
        bytesPerSecond: undefined,
        secondsLeft: undefined,
      };
      const result: DownloadResult = { outcome: 'error', error, progress };
      return result;
    },
  };
}

const file = { key: 'm/a.bin', url: 'https://models.test/a.bin' };

describe('DownloadWorkerClient ↔ worker host', () => {
  it('rebuilds named errors, with their figures, on the main thread', async () => {
    const cases: [Error, new (...args: never[]) => Error][] = [
      [new ModelDownloadError('x', { status: 404 }), ModelDownloadError],
      [new IntegrityError('y'), IntegrityError],
      [new ModelStorageFullError('z', { neededBytes: 5e9, availableBytes: 1e9 }), ModelStorageFullError],
    ];
    for (const [error, type] of cases) {
      const result = await connect(fixedEngine(error)).download([file]);
      expect(result.error).toBeInstanceOf(type);
      expect(result.error).toMatchObject({ name: error.name, message: error.message });
      expect(result.progress.files[0]!.error).toBeInstanceOf(type);
      expect(spanishMessage(result.error)).toBe(spanishMessage(error));
    }
    const full = await connect(fixedEngine(new ModelStorageFullError('z', { neededBytes: 5e9, availableBytes: 1e9 }))).download([file]);
    expect(full.error).toMatchObject({ neededBytes: 5e9, availableBytes: 1e9 });
    const missing = await connect(fixedEngine(new ModelDownloadError('x', { status: 404 }))).download([file]);
    expect(missing.error).toMatchObject({ status: 404 });
  });

  // A real transfer through the worker protocol: seconds on a loaded 2-core machine, not the default 5.
  it('runs a real download through the messages, with progress, and pauses by message', { timeout: 30_000 }, async () => {
    const server = new FakeFileServer();
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    // The first response stalls midway, so the pause message surely arrives during the transfer.
    server.serve(file.url, data, { stallAfterBytes: 50_000, times: 1 });
    const store = new MemoryModelStore();
    const client = connect(new DownloadEngine({ store, fetch: server.fetch, estimate: async () => ({}) }));

    const controller = new AbortController();
    const paused = await client.download([{ ...file, bytes: data.byteLength }], {
      signal: controller.signal,
      onProgress: (p) => {
        // Progress is throttled: pause a moment after the transfer starts, by then it is stalled.
        if (p.files[0]!.state === 'downloading') setTimeout(() => controller.abort(), 50);
      },
    });
    expect(paused.outcome).toBe('paused');
    expect(paused.progress.files[0]).toMatchObject({ state: 'paused', receivedBytes: 50_000 });

    const states: string[] = [];
    const done = await client.download([{ ...file, bytes: data.byteLength }], {
      onProgress: (p) => states.push(p.files[0]!.state),
    });
    expect(done.outcome).toBe('ready');
    expect(states).toContain('downloading');
    expect(store.bytesOf(file.key)).toEqual(data);
  });
});

describe('DownloadWorkerClient when the worker fails', () => {
  it('rejects what was pending with DownloadWorkerError and starts a new worker for the next download', async () => {
    const started: { failListeners: Listener[]; terminated: boolean; posted: number }[] = [];
    const client = new DownloadWorkerClient(() => {
      const record = { failListeners: [] as Listener[], terminated: false, posted: 0 };
      started.push(record);
      return {
        postMessage: () => void record.posted++,
        addEventListener: (type, listener) => {
          if (type !== 'message') record.failListeners.push(listener);
        },
        terminate: () => void (record.terminated = true),
      };
    });
    expect(started).toHaveLength(0);

    const pending = client.download([file]);
    expect(started).toHaveLength(1);
    started[0]!.failListeners.forEach((listener) => listener(new Event('error')));
    await expect(pending).rejects.toBeInstanceOf(DownloadWorkerError);
    expect(spanishMessage(await pending.catch((e: unknown) => e))).toMatch(/Reanudar descarga/);
    expect(started[0]!.terminated).toBe(true);

    void client.download([file]);
    expect(started).toHaveLength(2);
    expect(started[1]!.posted).toBe(1);
  });
});
