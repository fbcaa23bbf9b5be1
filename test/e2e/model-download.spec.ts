/**
 * Model downloads in real Chromium: Escriba's download path (client → worker → engine → OPFS
 * store) on the harness page (test/bench/model-download.html, from a Vite dev server), against the
 * faulty model server (test/support/model-server.ts). The files are synthetic bytes: these specs
 * prove that downloads resume, verify and store, nothing about any real model.
 *
 * The server is another origin than the page, as a model host is, so CORS and the safelisted
 * `Range: bytes=N-` header are exercised too.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { CDPSession } from 'playwright-core';
import type { DownloadFile } from '../../src/model-manager/download.types';
import { launchBrowser } from '../support/browser';
import { startDevServer, type DevServer } from '../support/dev-server';
import { DownloadHarnessPage } from '../support/download-harness-page';
import { ModelServer, type ModelServerOptions } from '../support/model-server';

const MiB = 1024 * 1024;
/** Short back-off so the bounded retries of a dead connection run out in well under a second. */
const FAST_RETRY = { maxAttemptsWithoutProgress: 3, baseDelayMs: 20, maxDelayMs: 50 };

async function modelServer(options: ModelServerOptions): Promise<ModelServer> {
  const server = await ModelServer.start(options);
  // Closed when the test ends, pass or fail (as serveApp does for the app server).
  onTestFinished(() => server.close());
  return server;
}

/**
 * Makes each drop wait until the page has stored every byte the cut response carried, so the
 * requests that follow are exactly determined. Without this, Chromium discards whatever part of the
 * body the page had not read yet (see `ModelServer.waitBeforeDrop`): the retry may start where the
 * last one did, and more retries bring bytes, by chance.
 */
function dropOnlyWhenStored(server: ModelServer, harness: DownloadHarnessPage): void {
  server.waitBeforeDrop = ({ path, reachedOffset }) =>
    expect.poll(() => harness.partSize(path), { timeout: 20_000, interval: 20 }).toBe(reachedOffset);
  onTestFinished(() => expect(server.dropWaitErrors).toEqual([]));
}

async function describeFile(server: ModelServer, path: string, { withHash = true } = {}): Promise<DownloadFile> {
  return {
    key: path,
    url: server.fileUrl(path),
    bytes: await server.size(path),
    ...(withHash ? { sha256: await server.sha256(path) } : {}),
  };
}

describe('the faulty model server (test double)', () => {
  it('answers Range, 416, CORS, and each fault it is told to have', async () => {
    const server = await modelServer({ synthetic: { 'm/a.bin': { bytes: 200_000 } } });
    const url = server.fileUrl('m/a.bin');
    const whole = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(whole.byteLength).toBe(200_000);

    const ranged = await fetch(url, { headers: { Range: 'bytes=150000-' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('Content-Range')).toBe('bytes 150000-199999/200000');
    expect(ranged.headers.get('Access-Control-Expose-Headers')).toContain('Content-Range');
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(whole.subarray(150_000));
    const beyond = await fetch(url, { headers: { Range: 'bytes=200000-' } });
    expect([beyond.status, beyond.headers.get('Content-Range')]).toEqual([416, 'bytes */200000']);

    server.setFaults('m/a.bin', { ignoreRange: true, corruptOffset: 10, times: 1 });
    const ignored = await fetch(url, { headers: { Range: 'bytes=100-' } });
    expect(ignored.status).toBe(200);
    const corrupt = new Uint8Array(await ignored.arrayBuffer());
    expect(corrupt[10]).toBe(whole[10]! ^ 0xff);
    expect((await fetch(url, { headers: { Range: 'bytes=100-' } })).status).toBe(206); // `times` used up

    server.setFaults('m/a.bin', { dropAfterBytes: 70_000 });
    const dropped = await fetch(url);
    await expect(dropped.arrayBuffer()).rejects.toThrow();
    expect(server.requests.at(-1)).toMatchObject({ dropped: true, bytesSent: 70_000 });

    await expect(ModelServer.start({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

describe('model downloads in Chromium (OPFS store, download worker)', () => {
  let dev: DevServer;
  beforeAll(async () => {
    dev = await startDevServer();
  });
  afterAll(async () => {
    await dev?.close();
  });

  async function openHarness(): Promise<{ harness: DownloadHarnessPage; cdp: CDPSession }> {
    const session = await launchBrowser({ origin: dev.url });
    const cdp = await session.cdp();
    return { harness: await new DownloadHarnessPage(session.page, dev.url).goto(), cdp };
  }

  it('a connection that dies midway: bounded retries, a named error, then after a reload it resumes from the bytes on disk and verifies', async () => {
    const path = 'tiny-model/weights.bin';
    const server = await modelServer({ synthetic: { [path]: { bytes: 6 * MiB } }, faults: { [path]: { dropAtOffset: 2.5 * MiB } } });
    const file = await describeFile(server, path);
    const { harness, cdp } = await openHarness();
    dropOnlyWhenStored(server, harness);

    const failed = await harness.download([file], FAST_RETRY);
    expect(failed.outcome).toBe('error');
    expect(failed.errorName).toBe('ModelDownloadError');
    expect(failed.errorText).toMatch(/se cortó la conexión/);
    expect(failed.files[0]).toMatchObject({ state: 'error', errorName: 'ModelDownloadError' });
    // The request that brought 2.5 MiB, then FAST_RETRY's 3 attempts from there that could bring
    // none: bounded, and each resumes from the bytes on disk.
    const onDisk = 2.5 * MiB;
    const noProgress = { method: 'GET', path, range: `bytes=${onDisk}-`, status: 206, bytesSent: 0, dropped: true };
    expect(server.requests).toEqual([
      { method: 'GET', path, range: null, status: 200, bytesSent: onDisk, dropped: true },
      noProgress,
      noProgress,
      noProgress,
    ]);
    expect(await harness.partSize(path)).toBe(onDisk);
    expect(await harness.list()).toEqual([{ key: path, bytes: onDisk, partial: true }]);

    server.setFaults(path, undefined);
    await harness.reload();
    expect(await harness.partSize(path)).toBe(onDisk);
    const before = server.requests.length;
    const resumed = await harness.download([file]);
    expect(resumed.outcome).toBe('ready');
    expect(server.requests.slice(before)).toEqual([
      { method: 'GET', path, range: `bytes=${onDisk}-`, status: 206, bytesSent: 6 * MiB - onDisk, dropped: false },
    ]);
    // The new page re-reads the .part to rebuild its hash, downloads the rest, then verifies.
    expect(resumed.states[path]).toEqual(['pending', 'verifying', 'downloading', 'verifying', 'ready']);
    expect(await harness.storedSha256(path)).toBe(file.sha256);
    expect(await harness.list()).toEqual([{ key: path, bytes: 6 * MiB, partial: false }]);
    expect(await harness.responseInfo(path)).toEqual({ status: 200, contentLength: String(6 * MiB), bytesRead: 6 * MiB });
    // Stored once: the origin's usage is the file in OPFS, with no copy in Cache Storage.
    const usage = (await cdp.send('Storage.getUsageAndQuota', { origin: new URL(dev.url).origin })) as {
      usageBreakdown: { storageType: string; usage: number }[];
    };
    const byType = Object.fromEntries(usage.usageBreakdown.map((b) => [b.storageType, b.usage]));
    expect(byType.file_systems).toBeGreaterThanOrEqual(6 * MiB);
    expect(byType.file_systems).toBeLessThan(6 * MiB + 64 * 1024);
    expect(byType.cache_storage).toBe(0);
  });

  it('pause, resume, and a reload in the middle of a transfer each continue from what is on disk', async () => {
    const path = 'tiny-model/slow.bin';
    const server = await modelServer({ synthetic: { [path]: { bytes: 8 * MiB, seed: 2 } }, faults: { [path]: { bytesPerSecond: 2 * MiB } } });
    const file = await describeFile(server, path);
    const { harness } = await openHarness();
    const waitForPart = (atLeast: number) =>
      expect.poll(() => harness.partSize(path), { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(atLeast);

    await harness.start([file]);
    // Enough transfer time (> 0.5 s at 2 MiB/s) for the engine to report a speed.
    await waitForPart(1.5 * MiB);
    await harness.pause();
    const paused = await harness.wait();
    expect(paused.outcome).toBe('paused');
    expect(paused.files[0]!.state).toBe('paused');
    expect(paused.maxBytesPerSecond).toBeGreaterThan(0);
    expect(paused.lastSecondsLeft).toBeGreaterThan(0);
    const afterPause = await harness.partSize(path);

    await harness.start([file]);
    await waitForPart(afterPause + 0.5 * MiB);
    expect(server.requests.at(-1)!.range).toBe(`bytes=${afterPause}-`);
    // A reload with no pause: the worker dies mid-write, the next page finds what reached the disk.
    await harness.reload();
    const afterReload = await harness.partSize(path);
    expect(afterReload).toBeGreaterThan(afterPause);

    server.setFaults(path, undefined);
    const done = await harness.download([file]);
    expect(done.outcome).toBe('ready');
    expect(server.requests.at(-1)).toMatchObject({ range: `bytes=${afterReload}-`, status: 206, bytesSent: 8 * MiB - afterReload });
    expect(await harness.storedSha256(path)).toBe(file.sha256);
  });

  it('retries a dropped connection on its own with Range, and restarts from 0 when the server ignores Range', async () => {
    const resumable = 'tiny-model/drops.bin';
    const rangeless = 'tiny-model/no-range.bin';
    const server = await modelServer({
      synthetic: { [resumable]: { bytes: 4 * MiB, seed: 3 }, [rangeless]: { bytes: 3 * MiB, seed: 4 } },
      faults: {
        [resumable]: { dropAfterBytes: 1 * MiB, times: 2 },
        [rangeless]: [{ ignoreRange: true, dropAfterBytes: 1 * MiB, times: 1 }, { ignoreRange: true }],
      },
    });
    const files = [await describeFile(server, resumable), await describeFile(server, rangeless)];
    const { harness } = await openHarness();
    dropOnlyWhenStored(server, harness);

    const run = await harness.download(files, { baseDelayMs: 20 });
    expect(run.outcome).toBe('ready');
    const forResumable = server.requests.filter((r) => r.path === resumable);
    expect(forResumable.map((r) => [r.range, r.status, r.bytesSent, r.dropped])).toEqual([
      [null, 200, 1 * MiB, true],
      [`bytes=${1 * MiB}-`, 206, 1 * MiB, true],
      [`bytes=${2 * MiB}-`, 206, 2 * MiB, false],
    ]);
    // It asked to resume, got the whole file, and started over from byte 0.
    const forRangeless = server.requests.filter((r) => r.path === rangeless);
    expect(forRangeless.map((r) => [r.range, r.status, r.bytesSent, r.dropped])).toEqual([
      [null, 200, 1 * MiB, true],
      [`bytes=${1 * MiB}-`, 200, 3 * MiB, false],
    ]);
    for (const file of files) expect(await harness.storedSha256(file.key)).toBe(file.sha256);
  });

  it('catches a corrupted byte and fetches the file again; corrupt every time, it gives IntegrityError and keeps nothing', async () => {
    const once = 'tiny-model/flipped-once.bin';
    const always = 'other-model/always-bad.bin';
    const server = await modelServer({
      synthetic: { [once]: { bytes: 3 * MiB, seed: 5 }, [always]: { bytes: 1 * MiB, seed: 6 } },
      faults: { [once]: { corruptOffset: 1_234_567, times: 1 }, [always]: { corruptOffset: 77 } },
    });
    const { harness } = await openHarness();

    const fixed = await harness.download([await describeFile(server, once)]);
    expect(fixed.outcome).toBe('ready');
    expect(fixed.states[once]).toEqual(['pending', 'downloading', 'verifying', 'downloading', 'verifying', 'ready']);
    expect(server.requests.filter((r) => r.path === once).map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      [null, 200],
    ]);
    expect(await harness.storedSha256(once)).toBe(await server.sha256(once));

    const bad = await harness.download([await describeFile(server, always)]);
    expect(bad.outcome).toBe('error');
    expect(bad.errorName).toBe('IntegrityError');
    expect(bad.errorText).toMatch(/dañado/);
    expect(server.requests.filter((r) => r.path === always)).toHaveLength(2);
    expect(await harness.list()).toEqual([{ key: once, bytes: 3 * MiB, partial: false }]);
    expect(await harness.usage('other-model')).toBe(0);
  });

  it('quota: refused before starting when it cannot fit; a full disk mid-download is a named error and the store stays usable', async () => {
    const path = 'tiny-model/big.bin';
    const server = await modelServer({ synthetic: { [path]: { bytes: 8 * MiB, seed: 7 } } });
    const file = await describeFile(server, path);
    const { harness, cdp } = await openHarness();
    // Before the origin stores anything (see test/README.md on Chromium's quota caching).
    const origin = new URL(dev.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3 * MiB });

    // estimate() ignores DevTools overrides (usage + ~10 GiB), so the pre-check shows with a file
    // larger than that.
    const huge = await harness.download([{ key: 'huge-model/weights.bin', url: server.fileUrl('nowhere.bin'), bytes: 64 * 1024 * MiB }]);
    expect(huge.outcome).toBe('error');
    expect(huge.errorName).toBe('ModelStorageFullError');
    expect(huge.errorText).toMatch(/hacen falta 68,8 GB/); // 64 GiB + room for recordings
    expect(huge.errorFields).toMatchObject({ neededBytes: expect.any(Number), availableBytes: expect.any(Number) });
    expect(huge.files[0]!.state).toBe('pending');
    expect(server.requests).toHaveLength(0);

    const full = await harness.download([file]);
    expect(full.outcome).toBe('error');
    expect(full.errorName).toBe('ModelStorageFullError');
    expect(full.errorText).toMatch(/Se llenó el espacio/);
    expect(full.files[0]).toMatchObject({ state: 'error', errorName: 'ModelStorageFullError' });
    const kept = await harness.partSize(path);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(3 * MiB);
    // The store still answers, and what it holds is exactly what was downloaded.
    expect(await harness.list()).toEqual([{ key: path, bytes: kept, partial: true }]);
    expect(full.files[0]!.receivedBytes).toBe(kept);

    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    const resumed = await harness.download([file]);
    expect(resumed.outcome).toBe('ready');
    expect(server.requests.at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206 });
    expect(await harness.storedSha256(path)).toBe(file.sha256);
    await harness.delete('tiny-model');
    expect(await harness.list()).toEqual([]);
  });
});
