import { beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity, createSha256, hashPartFrom, REHASH_CHUNK_BYTES } from './integrity';
import { MemoryModelStore } from './store.memory';

/** WebCrypto (one-shot) as the reference implementation. */
async function hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function data(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

describe('createSha256', () => {
  it('hashes in pieces exactly as in one go, and counts the bytes', async () => {
    const bytes = data(100_000);
    const hasher = await createSha256();
    hasher.update(bytes.subarray(0, 1));
    hasher.update(bytes.subarray(1, 70_000));
    hasher.update(bytes.subarray(70_000));
    expect(hasher.bytes).toBe(100_000);
    expect(hasher.digestHex()).toBe(await hex(bytes));
    hasher.reset();
    expect(hasher.bytes).toBe(0);
    expect(hasher.digestHex()).toBe(await hex(new Uint8Array(0)));
  });
});

describe('hashPartFrom', () => {
  it('catches a running hash up with the bytes on disk, across read chunks', async () => {
    const bytes = data(REHASH_CHUNK_BYTES + 12_345);
    const store = new MemoryModelStore();
    store.seed('m/f', bytes, { partial: true });
    const part = await store.openPart('m/f');
    const hasher = await createSha256();
    hasher.update(bytes.subarray(0, 1_000));
    await hashPartFrom(part, hasher);
    expect(hasher.bytes).toBe(bytes.byteLength);
    expect(hasher.digestHex()).toBe(await hex(bytes));
    await part.close();
  });

  it('stops when aborted', async () => {
    const store = new MemoryModelStore();
    store.seed('m/f', data(10), { partial: true });
    const part = await store.openPart('m/f');
    await expect(hashPartFrom(part, await createSha256(), AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('checkIntegrity', () => {
  let sha = '';
  beforeAll(async () => {
    sha = await hex(data(10));
  });
  it('accepts the expected size and hash (any hex case)', () => {
    expect(checkIntegrity({ bytes: 10, sha256: sha.toUpperCase() }, 10, undefined, sha)).toBeUndefined();
  });
  it('checks the size against the catalogue first, else against what the server declared', () => {
    expect(checkIntegrity({ bytes: 10 }, 9, 9, undefined)).toEqual({ kind: 'size', expectedBytes: 10, actualBytes: 9 });
    expect(checkIntegrity({}, 9, 10, undefined)).toEqual({ kind: 'size', expectedBytes: 10, actualBytes: 9 });
    expect(checkIntegrity({}, 9, undefined, undefined)).toBeUndefined();
  });
  it('reports a hash mismatch', () => {
    expect(checkIntegrity({ sha256: sha }, 10, undefined, 'ab')).toEqual({ kind: 'sha256', expected: sha, actual: 'ab' });
  });
});
