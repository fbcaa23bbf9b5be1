/**
 * Integrity of model files: a streaming SHA-256 (WebCrypto has no incremental digest, and model
 * files are too big to hold in memory for a one-shot one) and the checks a finished download must
 * pass before it becomes a stored file.
 *
 * hash-wasm was chosen over @noble/hashes after measuring both in a Chromium 156 worker on these
 * machines: ~300 MB/s against ~65 MB/s (1 MiB updates). At 65 MB/s the hash, not the network,
 * would bound a download from a clinic's LAN server.
 */
import { createSHA256 } from 'hash-wasm';
import type { PartFile } from './store';

/** Reading a `.part` back to re-hash it: big enough to amortise calls, small enough to not matter. */
export const REHASH_CHUNK_BYTES = 4 * 1024 * 1024;

export interface Sha256Stream {
  /** Bytes hashed so far: the hash is valid for a `.part` only while this equals its size. */
  readonly bytes: number;
  update(chunk: Uint8Array): void;
  /** Lowercase hex. Ends the stream: call `reset()` before hashing again. */
  digestHex(): string;
  reset(): void;
}

export async function createSha256(): Promise<Sha256Stream> {
  const hasher = await createSHA256();
  hasher.init();
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    update(chunk) {
      hasher.update(chunk);
      bytes += chunk.byteLength;
    },
    digestHex() {
      return hasher.digest('hex');
    },
    reset() {
      hasher.init();
      bytes = 0;
    },
  };
}

/**
 * Feeds the bytes of `part` from `hasher.bytes` to its end into `hasher`, so a hash kept in memory
 * during a download (or a fresh one after a reload) catches up with what is really on disk.
 */
export async function hashPartFrom(part: PartFile, hasher: Sha256Stream, signal?: AbortSignal): Promise<void> {
  const buffer = new Uint8Array(REHASH_CHUNK_BYTES);
  while (hasher.bytes < part.size) {
    signal?.throwIfAborted();
    const read = await part.read(buffer.subarray(0, Math.min(buffer.byteLength, part.size - hasher.bytes)), hasher.bytes);
    if (read === 0) break;
    hasher.update(buffer.subarray(0, read));
  }
}

export type IntegrityProblem =
  | { kind: 'size'; expectedBytes: number; actualBytes: number }
  | { kind: 'sha256'; expected: string; actual: string };

export interface IntegrityExpectation {
  bytes?: number | undefined;
  sha256?: string | undefined;
}

/**
 * What is wrong with a finished `.part`, or undefined when it matches. The size is always checked
 * (against the catalogue, else what the server declared); the hash only when the catalogue has one.
 */
export function checkIntegrity(
  expected: IntegrityExpectation,
  actualBytes: number,
  declaredBytes: number | undefined,
  actualSha256: string | undefined,
): IntegrityProblem | undefined {
  const expectedBytes = expected.bytes ?? declaredBytes;
  if (expectedBytes !== undefined && actualBytes !== expectedBytes) return { kind: 'size', expectedBytes, actualBytes };
  if (expected.sha256 !== undefined) {
    const want = expected.sha256.toLowerCase();
    const got = actualSha256?.toLowerCase() ?? '';
    if (got !== want) return { kind: 'sha256', expected: want, actual: got };
  }
  return undefined;
}

export function describeProblem(key: string, problem: IntegrityProblem): string {
  return problem.kind === 'size'
    ? `${key}: expected ${problem.expectedBytes} bytes, got ${problem.actualBytes}`
    : `${key}: expected SHA-256 ${problem.expected}, got ${problem.actual}`;
}
