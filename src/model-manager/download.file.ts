/**
 * One file's way from the network into the store: resume the `.part` with a Range request, stream
 * the body to disk (never the whole file in memory), retry dropped connections with back-off,
 * verify size and SHA-256, then rename it into place. A file that fails verification is fetched
 * again once from scratch, then given up with an IntegrityError and its `.part` deleted.
 *
 * The SHA-256 is computed while the bytes arrive, so verifying costs no second pass over a 2 GB
 * file. That running hash lives only in memory and is trusted only while it has seen exactly as
 * many bytes as the `.part` holds; otherwise (a reload, a truncated part) it is rebuilt by reading
 * the `.part` back from disk. Persisting the hash state instead would be a second record of the
 * download that could disagree with the bytes on disk, which this design avoids.
 */
import { IntegrityError, ModelDownloadError, ModelStorageFullError, isQuotaError } from '../shared/errors';
import { StallTimer, bodyReader } from './download.body';
import { backoffMs, planResponse, rangeHeaders } from './download.http';
import type { ProgressTracker } from './download.progress';
import type { DownloadFile, RetryPolicy } from './download.types';
import { checkIntegrity, describeProblem, hashPartFrom, type Sha256Stream } from './integrity';
import type { PartFile, PartStore } from './store';

/** "Delete and fetch again once": the first mismatch may be a flipped bit in transit. */
export const MAX_INTEGRITY_ATTEMPTS = 2;
/** fsync this often: bounds what a power cut can cost, without an fsync per network chunk. */
export const FLUSH_INTERVAL_BYTES = 64 * 1024 * 1024;

export interface TransferContext {
  store: PartStore;
  tracker: ProgressTracker;
  fetch: typeof fetch;
  policy: RetryPolicy;
  /** The caller's signal: aborting it pauses. */
  signal: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Running hashes by key, kept across `download()` calls so a pause does not cost a re-read. */
  hashers: Map<string, Sha256Stream>;
  createHasher: () => Promise<Sha256Stream>;
}

/** A failure worth another attempt: dropped or stalled connection, 5xx, body ended early. */
class RetriableError extends Error {
  override readonly name = 'RetriableError';
}

export async function transferFile(file: DownloadFile, ctx: TransferContext): Promise<void> {
  const part = await ctx.store.openPart(file.key);
  let discard = false;
  let verifiedBytes = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await fetchAndVerify(file, part, ctx);
        verifiedBytes = part.size;
        break;
      } catch (error) {
        if (!(error instanceof IntegrityError)) throw error;
        await part.truncate(0);
        ctx.hashers.get(file.key)?.reset();
        ctx.tracker.update(file.key, { receivedBytes: 0 });
        if (attempt >= MAX_INTEGRITY_ATTEMPTS) {
          discard = true;
          throw error;
        }
      }
    }
  } finally {
    await part.close();
    if (discard) {
      await ctx.store.deletePart(file.key);
      ctx.hashers.delete(file.key);
    }
  }
  await ctx.store.commitPart(file.key);
  ctx.hashers.delete(file.key);
  ctx.tracker.update(file.key, { state: 'ready', receivedBytes: verifiedBytes, totalBytes: verifiedBytes });
}

async function fetchAndVerify(file: DownloadFile, part: PartFile, ctx: TransferContext): Promise<void> {
  const hasher = await catchUpHasher(file, part, ctx);
  const declaredBytes = await fetchIntoPart(file, part, hasher, ctx);
  ctx.tracker.update(file.key, { state: 'verifying' });
  await part.flush();
  const problem = checkIntegrity(file, part.size, declaredBytes, hasher?.digestHex());
  if (problem) throw new IntegrityError(describeProblem(file.key, problem));
}

/** The running hash for `file`, brought level with the bytes on disk (undefined without sha256). */
async function catchUpHasher(file: DownloadFile, part: PartFile, ctx: TransferContext): Promise<Sha256Stream | undefined> {
  if (file.sha256 === undefined) return undefined;
  let hasher = ctx.hashers.get(file.key);
  if (!hasher) {
    hasher = await ctx.createHasher();
    ctx.hashers.set(file.key, hasher);
  }
  if (hasher.bytes > part.size) hasher.reset();
  if (hasher.bytes < part.size) {
    ctx.tracker.update(file.key, { state: 'verifying', receivedBytes: part.size });
    await hashPartFrom(part, hasher, ctx.signal);
  }
  return hasher;
}

/**
 * Fetches until the `.part` holds the whole file, resuming from its size after each failure.
 * Returns the size the server declared in a Content-Range, if it did.
 */
async function fetchIntoPart(file: DownloadFile, part: PartFile, hasher: Sha256Stream | undefined, ctx: TransferContext) {
  let failuresWithoutProgress = 0;
  for (;;) {
    const offset = part.size;
    if (file.bytes !== undefined && offset === file.bytes) return undefined;
    if (file.bytes !== undefined && offset > file.bytes) {
      throw new IntegrityError(`${file.key}: ${offset} bytes on disk, more than the expected ${file.bytes}`);
    }
    ctx.tracker.update(file.key, { state: 'downloading', receivedBytes: offset });
    const received = { bytes: 0 };
    try {
      const outcome = await fetchOnce(file, part, hasher, offset, received, ctx);
      if (outcome.complete) return outcome.declaredBytes;
      continue; // the server's answer asked for a fresh start: not a failure
    } catch (error) {
      if (ctx.signal.aborted || !isRetriable(error)) throw error;
      failuresWithoutProgress = received.bytes > 0 ? 0 : failuresWithoutProgress + 1;
      if (failuresWithoutProgress >= ctx.policy.maxAttemptsWithoutProgress) {
        throw new ModelDownloadError(`${file.key}: gave up after ${failuresWithoutProgress} attempts without progress`, {
          cause: error,
        });
      }
      ctx.tracker.pauseSpeed();
      await ctx.sleep(backoffMs(failuresWithoutProgress + 1, ctx.policy.baseDelayMs, ctx.policy.maxDelayMs), ctx.signal);
    }
  }
}

type FetchOutcome = { complete: true; declaredBytes: number | undefined } | { complete: false };

async function fetchOnce(
  file: DownloadFile,
  part: PartFile,
  hasher: Sha256Stream | undefined,
  offset: number,
  received: { bytes: number },
  ctx: TransferContext,
): Promise<FetchOutcome> {
  const stall = new StallTimer(ctx.policy.stallTimeoutMs, (ms) => new RetriableError(`no data for ${ms} ms`));
  const signal = AbortSignal.any([ctx.signal, stall.signal]);
  try {
    // no-store: the browser's HTTP cache would otherwise keep a second copy of every model file.
    const response = await ctx.fetch(file.url, { headers: rangeHeaders(offset), signal, cache: 'no-store' });
    const plan = planResponse(response, offset);
    let declaredBytes: number | undefined;
    let lengthHint: number | undefined;
    switch (plan.kind) {
      case 'retry':
        await discardBody(response);
        throw new RetriableError(`${file.key}: HTTP ${plan.status}`);
      case 'fail':
        await discardBody(response);
        throw new ModelDownloadError(`${file.key}: HTTP ${plan.status}`, { status: plan.status });
      case 'unsatisfiable':
        await discardBody(response);
        if (plan.total === offset && offset > 0) return { complete: true, declaredBytes: plan.total };
        if (offset === 0) throw new ModelDownloadError(`${file.key}: HTTP 416 for the whole file`, { status: 416 });
        await restart(file, part, hasher, ctx);
        return { complete: false };
      case 'restart':
        if (offset > 0) await restart(file, part, hasher, ctx);
        lengthHint = plan.lengthHint;
        break;
      case 'append':
        declaredBytes = plan.total;
        break;
    }
    if (file.bytes !== undefined && declaredBytes !== undefined && declaredBytes !== file.bytes) {
      await discardBody(response);
      throw new IntegrityError(`${file.key}: the server has ${declaredBytes} bytes, the catalogue says ${file.bytes}`);
    }
    const limit = file.bytes ?? declaredBytes;
    ctx.tracker.update(file.key, { totalBytes: limit ?? lengthHint, receivedBytes: part.size });
    await streamBody(file, response, part, hasher, limit, received, stall, ctx);
    if (limit !== undefined && part.size < limit) throw new RetriableError(`${file.key}: the body ended at ${part.size} of ${limit}`);
    return { complete: true, declaredBytes };
  } finally {
    stall.stop();
  }
}

async function streamBody(
  file: DownloadFile,
  response: Response,
  part: PartFile,
  hasher: Sha256Stream | undefined,
  limit: number | undefined,
  received: { bytes: number },
  stall: StallTimer,
  ctx: TransferContext,
): Promise<void> {
  if (!response.body) throw new RetriableError(`${file.key}: response without a body`);
  const reader = bodyReader(response.body);
  let unflushed = 0;
  try {
    for (;;) {
      // `value` is only valid until the next read (its buffer is reused): use it fully before.
      const value = await reader.read();
      if (!value) return;
      stall.restart();
      if (limit !== undefined && part.size + value.byteLength > limit) {
        throw new IntegrityError(`${file.key}: the server sent more than ${limit} bytes`);
      }
      await appendChunk(file, part, value);
      hasher?.update(value);
      received.bytes += value.byteLength;
      ctx.tracker.addBytes(file.key, value.byteLength);
      unflushed += value.byteLength;
      if (unflushed >= FLUSH_INTERVAL_BYTES) {
        await part.flush();
        unflushed = 0;
      }
    }
  } finally {
    // Stops the transfer if we leave early; harmless (and rejected, ignored) if the body failed.
    reader.cancel().catch(() => undefined);
  }
}

/** Appends, or leaves the `.part` exactly as it was: a refused write must not leave half a chunk. */
async function appendChunk(file: DownloadFile, part: PartFile, chunk: Uint8Array): Promise<void> {
  const before = part.size;
  try {
    await part.append(chunk);
  } catch (error) {
    if (part.size !== before) await part.truncate(before);
    if (isQuotaError(error)) {
      throw new ModelStorageFullError(`${file.key}: the browser refused to store more (at ${before} bytes)`, { cause: error });
    }
    throw error;
  }
}

async function restart(file: DownloadFile, part: PartFile, hasher: Sha256Stream | undefined, ctx: TransferContext) {
  await part.truncate(0);
  hasher?.reset();
  ctx.tracker.update(file.key, { receivedBytes: 0 });
}

async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function isRetriable(error: unknown): boolean {
  // fetch() and body reads reject with a TypeError when the connection fails or drops.
  return error instanceof RetriableError || error instanceof TypeError;
}
