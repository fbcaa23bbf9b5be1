import { describe, expect, it } from 'vitest';
import { InvalidStoreKeyError, isUnderPrefix, keySegments, prefixSegments } from './store';
import { MemoryModelStore } from './store.memory';

const bytes = (n: number) => new Uint8Array(n).fill(1);

describe('store keys', () => {
  it('map to path segments', () => {
    expect(keySegments('whisper-base/onnx/encoder.onnx')).toEqual(['whisper-base', 'onnx', 'encoder.onnx']);
  });
  it('cannot escape the store or collide with a partial download', () => {
    for (const key of ['', '/a', 'a/', 'a//b', '../a', 'a/./b', 'a\\b', 'a/b.part']) {
      expect(() => keySegments(key), key).toThrow(InvalidStoreKeyError);
    }
  });
  it('prefixes may be empty (the whole store) or end in a slash', () => {
    expect(prefixSegments('')).toEqual([]);
    expect(prefixSegments('whisper-base/')).toEqual(['whisper-base']);
    expect(() => prefixSegments('../x')).toThrow(InvalidStoreKeyError);
  });
  it('a prefix covers whole segments only', () => {
    expect(isUnderPrefix('whisper/a.onnx', 'whisper')).toBe(true);
    expect(isUnderPrefix('whisper-large/a.onnx', 'whisper')).toBe(false);
    expect(isUnderPrefix('whisper/a.onnx', '')).toBe(true);
  });
});

describe('MemoryModelStore (the rules the OPFS store follows too)', () => {
  it('lists complete and partial files, measures per model and deletes by prefix', async () => {
    const store = new MemoryModelStore();
    store.seed('w/a.onnx', bytes(10));
    store.seed('w/b.onnx', bytes(5), { partial: true });
    store.seed('llm/c.bin', bytes(7));
    expect(await store.list()).toEqual([
      { key: 'llm/c.bin', bytes: 7, partial: false },
      { key: 'w/a.onnx', bytes: 10, partial: false },
      { key: 'w/b.onnx', bytes: 5, partial: true },
    ]);
    expect(await store.usage('w')).toBe(15);
    expect(await store.usage()).toBe(22);
    await store.delete('w');
    expect(await store.usage()).toBe(7);
  });

  it('serves a stored file as a Response with its length', async () => {
    const store = new MemoryModelStore();
    store.seed('w/a.onnx', bytes(10));
    const response = await store.response('w/a.onnx');
    expect(response?.headers.get('Content-Length')).toBe('10');
    expect(new Uint8Array(await response!.arrayBuffer())).toEqual(bytes(10));
    expect(await store.response('w/none')).toBeUndefined();
  });

  it('renames a .part into place on commit, replacing the old file: never two copies', async () => {
    const store = new MemoryModelStore();
    store.seed('w/a.onnx', bytes(3));
    const part = await store.openPart('w/a.onnx');
    await part.append(bytes(4));
    await expect(store.commitPart('w/a.onnx')).rejects.toMatchObject({ name: 'NoModificationAllowedError' });
    await part.close();
    await store.commitPart('w/a.onnx');
    expect(await store.list()).toEqual([{ key: 'w/a.onnx', bytes: 4, partial: false }]);
  });

  it('allows one writer per .part', async () => {
    const store = new MemoryModelStore();
    const part = await store.openPart('w/a.onnx');
    await expect(store.openPart('w/a.onnx')).rejects.toMatchObject({ name: 'NoModificationAllowedError' });
    await part.close();
    await part.close();
    await (await store.openPart('w/a.onnx')).close();
  });
});
