import { describe, expect, it } from 'vitest';
import { IntegrityError, ModelDownloadError, ModelStorageFullError } from '../shared/errors';
import { DownloadEngine } from './download.engine';
import { FakeFileServer, type FakeFaults } from './download.fakeFetch';
import type { DownloadFile, DownloadOptions, DownloadProgress, FileState } from './download.types';
import { MemoryModelStore } from './store.memory';

const URL_A = 'https://models.test/a.bin';
const URL_B = 'https://models.test/b.bin';
const PLENTY = { quota: 100e9, usage: 0 };

function bytesOf(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** WebCrypto (one-shot) as the reference: an implementation independent of the engine's. */
async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function setup({ quota = PLENTY }: { quota?: { quota: number; usage: number } } = {}) {
  const server = new FakeFileServer();
  const store = new MemoryModelStore();
  const sleeps: number[] = [];
  let clock = 0;
  const engine = new DownloadEngine({
    store,
    fetch: server.fetch,
    estimate: async () => quota,
    now: () => (clock += 10),
    sleep: async (ms, signal) => {
      signal.throwIfAborted();
      sleeps.push(ms);
    },
  });
  const serveFile = async (url: string, length: number, faults: FakeFaults = {}, seed = 1) => {
    const data = bytesOf(length, seed);
    server.serve(url, data, faults);
    const file: DownloadFile & { data: Uint8Array } = { key: `model/${url.split('/').pop()}`, url, bytes: length, sha256: await sha256(data), data };
    return file;
  };
  return { server, store, engine, sleeps, serveFile };
}

/** Runs a download and records each file's state changes (consecutive duplicates collapsed). */
async function run(engine: DownloadEngine, files: DownloadFile[], options: DownloadOptions = {}) {
  const states = new Map<string, FileState[]>();
  const progress: DownloadProgress[] = [];
  const result = await engine.download(files, {
    retry: { baseDelayMs: 10, maxDelayMs: 100, stallTimeoutMs: 1_000 },
    ...options,
    onProgress: (p) => {
      progress.push(p);
      for (const f of p.files) {
        const seen = states.get(f.key) ?? [];
        if (seen[seen.length - 1] !== f.state) seen.push(f.state);
        states.set(f.key, seen);
      }
      options.onProgress?.(p);
    },
  });
  return { result, states, progress };
}

describe('DownloadEngine', () => {
  it('streams a file into the store, verifies it and renames the .part into place', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 50_000);
    const { result, states } = await run(engine, [a]);
    expect(result.outcome).toBe('ready');
    expect(states.get(a.key)).toEqual(['pending', 'downloading', 'verifying', 'ready']);
    expect(store.bytesOf(a.key)).toEqual(a.data);
    expect(await store.list()).toEqual([{ key: a.key, bytes: 50_000, partial: false }]);
    expect(server.requests).toEqual([{ url: URL_A, range: null, status: 200 }]);
    expect(result.progress).toMatchObject({ receivedBytes: 50_000, totalBytes: 50_000 });
  });

  it('skips a file already stored with the right size, without a request', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 5_000);
    store.seed(a.key, a.data);
    const { result, states } = await run(engine, [a]);
    expect(result.outcome).toBe('ready');
    expect(states.get(a.key)).toEqual(['ready']);
    expect(server.requests).toHaveLength(0);
  });

  it('replaces a stored file whose size no longer matches the catalogue', async () => {
    const { engine, store, serveFile } = setup();
    const a = await serveFile(URL_A, 5_000);
    store.seed(a.key, bytesOf(4_000, 9));
    expect((await run(engine, [a])).result.outcome).toBe('ready');
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('resumes a .part left by an earlier page with a Range request, re-hashing it from disk first', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 30_000);
    store.seed(a.key, a.data.subarray(0, 12_345), { partial: true });
    const { result, states, progress } = await run(engine, [a]);
    expect(result.outcome).toBe('ready');
    expect(server.requests).toEqual([{ url: URL_A, range: 'bytes=12345-', status: 206 }]);
    expect(states.get(a.key)).toEqual(['pending', 'verifying', 'downloading', 'verifying', 'ready']);
    expect(progress[0]!.receivedBytes).toBe(12_345);
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('retries a connection dropped mid-body, resuming from the bytes on disk', async () => {
    const { engine, store, serveFile, server, sleeps } = setup();
    const a = await serveFile(URL_A, 10_000, { dropAfterBytes: 3_000, times: 2 });
    const { result } = await run(engine, [a]);
    expect(result.outcome).toBe('ready');
    expect(server.requests.map((r) => r.range)).toEqual([null, 'bytes=3000-', 'bytes=6000-']);
    // Each failed attempt brought bytes, so no streak builds up: the shortest back-off each time.
    expect(sleeps).toEqual([10, 10]);
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('gives up with ModelDownloadError after bounded attempts without progress, keeping the bytes; a later call resumes', async () => {
    const { engine, store, serveFile, server, sleeps } = setup();
    const a = await serveFile(URL_A, 10_000, { dropAtOffset: 4_000 });
    const first = await run(engine, [a], { retry: { maxAttemptsWithoutProgress: 3, baseDelayMs: 10, maxDelayMs: 25 } });
    expect(first.result.outcome).toBe('error');
    expect(first.result.error).toBeInstanceOf(ModelDownloadError);
    expect(first.result.progress.files[0]).toMatchObject({ state: 'error', receivedBytes: 4_000 });
    expect(first.result.progress.files[0]!.error).toBe(first.result.error);
    // 1 attempt with progress, then 3 without; back-off doubles up to its cap.
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([10, 20, 25]);
    expect(await store.partSize(a.key)).toBe(4_000);

    server.setFaults(URL_A, {});
    const second = await run(engine, [a]);
    expect(second.result.outcome).toBe('ready');
    expect(server.requests[4]).toEqual({ url: URL_A, range: 'bytes=4000-', status: 206 });
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('restarts from zero when the server ignores Range (200 instead of 206)', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 8_000, { ignoreRange: true });
    store.seed(a.key, a.data.subarray(0, 5_000), { partial: true });
    const { result } = await run(engine, [a]);
    expect(result.outcome).toBe('ready');
    expect(server.requests).toEqual([{ url: URL_A, range: 'bytes=5000-', status: 200 }]);
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('treats a 416 whose total equals the .part as complete, and verifies it', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 6_000);
    const noSize = { key: a.key, url: a.url, sha256: a.sha256 };
    store.seed(a.key, a.data, { partial: true });
    const { result } = await run(engine, [noSize]);
    expect(result.outcome).toBe('ready');
    expect(server.requests).toEqual([{ url: URL_A, range: 'bytes=6000-', status: 416 }]);
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('starts over when a 416 says the .part is longer than the file', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 6_000);
    store.seed(a.key, bytesOf(7_000, 5), { partial: true });
    const { result } = await run(engine, [{ key: a.key, url: a.url }]);
    expect(result.outcome).toBe('ready');
    expect(server.requests.map((r) => [r.range, r.status])).toEqual([
      ['bytes=7000-', 416],
      [null, 200],
    ]);
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('does not fetch when the .part already has every byte: it only verifies and renames', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 6_000);
    store.seed(a.key, a.data, { partial: true });
    expect((await run(engine, [a])).result.outcome).toBe('ready');
    expect(server.requests).toHaveLength(0);
    expect(await store.has(a.key)).toBe(true);
  });

  it('catches a corrupted byte, deletes the bytes and fetches the file again once', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 9_000, { corruptOffset: 4_321, times: 1 });
    const { result, states } = await run(engine, [a]);
    expect(result.outcome).toBe('ready');
    expect(server.requests.map((r) => r.range)).toEqual([null, null]);
    expect(states.get(a.key)).toEqual(['pending', 'downloading', 'verifying', 'downloading', 'verifying', 'ready']);
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('gives up with IntegrityError when the file is corrupt twice, and leaves nothing behind', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 9_000, { corruptOffset: 10 });
    const { result } = await run(engine, [a]);
    expect(result.outcome).toBe('error');
    expect(result.error).toBeInstanceOf(IntegrityError);
    expect(server.requests).toHaveLength(2);
    expect(await store.list()).toEqual([]);
  });

  it('refuses a file whose size on the server differs from the catalogue', async () => {
    const { engine, serveFile, store } = setup();
    const a = await serveFile(URL_A, 9_000);
    store.seed(a.key, a.data.subarray(0, 100), { partial: true });
    const { result } = await run(engine, [{ ...a, bytes: 9_001, sha256: undefined }]);
    expect(result.error).toBeInstanceOf(IntegrityError);
    expect(await store.list()).toEqual([]);
  });

  it('checks the size even without a hash', async () => {
    const { engine, serveFile } = setup();
    const a = await serveFile(URL_A, 9_000);
    const { result } = await run(engine, [{ key: a.key, url: a.url, bytes: 8_000 }]);
    expect(result.error).toBeInstanceOf(IntegrityError);
  });

  it('fails at once with the HTTP status when the server refuses the file', async () => {
    const { engine, server, sleeps } = setup();
    const { result } = await run(engine, [{ key: 'model/missing.bin', url: 'https://models.test/missing.bin' }]);
    expect(result.error).toBeInstanceOf(ModelDownloadError);
    expect(result.error).toMatchObject({ status: 404 });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx answers', async () => {
    const { engine, serveFile, server } = setup();
    const a = await serveFile(URL_A, 2_000, { statuses: [503, 502] });
    expect((await run(engine, [a])).result.outcome).toBe('ready');
    expect(server.requests.map((r) => r.status)).toEqual([503, 502, 200]);
  });

  it('treats a stalled body as a dropped connection', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 5_000, { stallAfterBytes: 2_048, times: 1 });
    const { result } = await run(engine, [a], { retry: { stallTimeoutMs: 30, baseDelayMs: 1 } });
    expect(result.outcome).toBe('ready');
    expect(server.requests.map((r) => r.range)).toEqual([null, 'bytes=2048-']);
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('refuses to start when the quota estimate cannot hold what is left, before any request', async () => {
    const { engine, serveFile, server, store } = setup({ quota: { quota: 200e6, usage: 150e6 } });
    const a = await serveFile(URL_A, 1_000);
    const big = { key: 'model/big.bin', url: URL_B, bytes: 5e9 };
    store.seed(big.key, new Uint8Array(1_000), { partial: true });
    const { result } = await run(engine, [a, big]);
    expect(result.outcome).toBe('error');
    expect(result.error).toBeInstanceOf(ModelStorageFullError);
    const error = result.error as ModelStorageFullError;
    // What is on disk already counts: 1,000 of big's bytes are there.
    expect(error.neededBytes).toBe(1_000 + 5e9 - 1_000 + 120e6);
    expect(error.availableBytes).toBe(50e6);
    expect(result.progress.files.map((f) => f.state)).toEqual(['pending', 'pending']);
    expect(server.requests).toHaveLength(0);
  });

  it('turns a refused write into ModelStorageFullError, keeps the .part whole, and resumes once there is room', async () => {
    const { engine, store, serveFile } = setup();
    const a = await serveFile(URL_A, 20_000);
    store.quotaBytes = 7_500;
    const first = await run(engine, [a]);
    expect(first.result.error).toBeInstanceOf(ModelStorageFullError);
    expect(first.result.progress.files[0]!.state).toBe('error');
    const kept = await store.partSize(a.key);
    expect(kept).toBe(7_168); // whole 1 KiB chunks only
    expect(store.bytesOf(a.key, { partial: true })).toEqual(a.data.subarray(0, kept));

    store.quotaBytes = undefined;
    const second = await run(engine, [a]);
    expect(second.result.outcome).toBe('ready');
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('pauses on abort, keeping the bytes on disk, and resumes on the next call without re-reading them', async () => {
    const { engine, store, serveFile, server } = setup();
    const a = await serveFile(URL_A, 40_000);
    const b = await serveFile(URL_B, 3_000, {}, 2);
    const controller = new AbortController();
    const first = await run(engine, [a, b], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.files[0]!.receivedBytes >= 10_000) controller.abort();
      },
    });
    expect(first.result.outcome).toBe('paused');
    expect(first.result.progress.files.map((f) => f.state)).toEqual(['paused', 'pending']);
    const kept = await store.partSize(a.key);
    expect(kept).toBeGreaterThanOrEqual(10_000);

    const second = await run(engine, [a, b]);
    expect(second.result.outcome).toBe('ready');
    expect(server.requests[1]).toMatchObject({ range: `bytes=${kept}-` });
    // The running hash survived the pause in this engine: no 'verifying' before downloading.
    expect(second.states.get(a.key)).toEqual(['pending', 'downloading', 'verifying', 'ready']);
    expect(store.bytesOf(a.key)).toEqual(a.data);
    expect(store.bytesOf(b.key)).toEqual(b.data);
  });

  it('reads bodies that are not byte streams too (no BYOB reader)', async () => {
    const { engine, store, serveFile } = setup();
    const a = await serveFile(URL_A, 10_000, { plainStream: true, dropAfterBytes: 4_000, times: 1 });
    expect((await run(engine, [a])).result.outcome).toBe('ready');
    expect(store.bytesOf(a.key)).toEqual(a.data);
  });

  it('stores a key listed twice once', async () => {
    const { engine, serveFile, server } = setup();
    const a = await serveFile(URL_A, 1_000);
    const { result } = await run(engine, [a, { ...a }]);
    expect(result.progress.files).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('reports totals across files, and a size learnt from the server', async () => {
    const { engine, serveFile } = setup();
    const a = await serveFile(URL_A, 4_000);
    const b = await serveFile(URL_B, 6_000, {}, 3);
    const { progress } = await run(engine, [a, { key: b.key, url: b.url }]);
    expect(progress[0]).toMatchObject({ receivedBytes: 0, totalBytes: undefined });
    expect(progress[progress.length - 1]).toMatchObject({ receivedBytes: 10_000, totalBytes: 10_000, secondsLeft: 0 });
  });
});
