import { describe, expect, it } from 'vitest';
import { ModelFolderIncompleteError } from '../shared/errors';
import { DownloadEngine } from './download.engine';
import type { DownloadFile, DownloadOptions } from './download.types';
import { folderDownloader, folderFetch, folderHasAll, folderPartFor, folderPathForUrl, folderPathOf, pickedFolder } from './folderSource';
import { MemoryModelStore } from './store.memory';

const REV = 'a'.repeat(40);

function picked(path: string, content: Uint8Array<ArrayBuffer>): File {
  const file = new File([content], path.split('/').pop()!);
  // What <input webkitdirectory> sets: the path from the chosen folder, its own name first.
  Object.defineProperty(file, 'webkitRelativePath', { value: `modelos-clinica/${path}` });
  return file;
}

describe('folderPathForUrl', () => {
  it('maps a hub-layout URL, under any host prefix, to <owner>/<repo>/<path>', () => {
    expect(folderPathForUrl(`https://huggingface.co/onnx-community/whisper-base/resolve/${REV}/onnx/encoder_model.onnx`)).toBe(
      'onnx-community/whisper-base/onnx/encoder_model.onnx',
    );
    expect(folderPathForUrl(`http://localhost:4173/models/hub/escriba/x/resolve/main/config.json`)).toBe('escriba/x/config.json');
    expect(folderPathForUrl('https://example.org/no/layout.bin')).toBeUndefined();
  });

  it('gives way to a file\'s own folder path (a web-llm library served from elsewhere)', () => {
    const lib = { key: 'm/model_lib.wasm', url: 'https://raw.githubusercontent.com/o/libs/main/x/Tiny-webgpu.wasm', folderPath: 'o/tiny/Tiny-webgpu.wasm' };
    expect(folderPathOf(lib)).toBe('o/tiny/Tiny-webgpu.wasm');
    expect(folderPathOf({ key: 'k', url: `https://huggingface.co/o/tiny/resolve/${REV}/a.json` })).toBe('o/tiny/a.json');
  });
});

describe('folderDownloader', () => {
  const config: DownloadFile = { key: 'tiny/config.json', url: `https://huggingface.co/escriba/tiny/resolve/${REV}/config.json` };
  const weights: DownloadFile = { key: 'tiny/onnx/model.onnx', url: `https://huggingface.co/escriba/tiny/resolve/${REV}/onnx/model.onnx` };
  const folder = pickedFolder([picked('escriba/tiny/config.json', new Uint8Array([1])), picked('escriba/other/x.bin', new Uint8Array([2]))]);

  it('hands the download only the folder\'s files it needs, each tied to its URL', async () => {
    const calls: (DownloadOptions | undefined)[] = [];
    const inner = { download: async (_files: readonly DownloadFile[], options?: DownloadOptions) => (calls.push(options), { outcome: 'ready' as const, progress: EMPTY }) };
    const result = await folderDownloader(inner, folder).download([config], { retry: { maxAttemptsWithoutProgress: 1 } });
    expect(result.outcome).toBe('ready');
    expect(calls[0]?.retry).toEqual({ maxAttemptsWithoutProgress: 1 });
    expect(calls[0]?.folder?.map((f) => [f.url, f.file.name])).toEqual([[config.url, 'config.json']]);
  });

  it('fails before starting when the folder lacks a file, naming it in the folder\'s layout', async () => {
    const inner = { download: () => Promise.reject(new Error('must not start')) };
    const result = await folderDownloader(inner, folder).download([config, weights]);
    expect(result.outcome).toBe('error');
    expect(result.error).toBeInstanceOf(ModelFolderIncompleteError);
    expect((result.error as ModelFolderIncompleteError).missing).toEqual(['escriba/tiny/onnx/model.onnx']);
  });
});

const EMPTY = { files: [], receivedBytes: 0, totalBytes: undefined, bytesPerSecond: undefined, secondsLeft: undefined };

describe('folderFetch through the download engine', () => {
  const content = new Uint8Array(10_000).map((_, i) => (i * 7) % 251);
  const url = `https://huggingface.co/escriba/tiny/resolve/${REV}/onnx/model.onnx`;

  it('installs and verifies a file from the folder, and resumes a partial one with Range', async () => {
    const folder = pickedFolder([picked('escriba/tiny/onnx/model.onnx', content)]);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', content));
    const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
    const files = [{ key: 'tiny/onnx/model.onnx', url, bytes: content.length, sha256 }];
    expect(folderHasAll(folder, files)).toBe(true);

    const store = new MemoryModelStore();
    const part = await store.openPart('tiny/onnx/model.onnx');
    await part.append(content.subarray(0, 4_000));
    await part.close();
    const requests: (string | null)[] = [];
    const fetchFromFolder = folderFetch(folderPartFor(folder, files));
    const engine = new DownloadEngine({
      store,
      fetch: (input, init) => {
        requests.push(new Headers(init?.headers).get('range'));
        return fetchFromFolder(input, init);
      },
      estimate: async () => ({ quota: 1e9, usage: 0 }),
    });

    const result = await engine.download(files);

    expect(result.outcome).toBe('ready');
    expect(requests).toEqual(['bytes=4000-']);
    expect(new Uint8Array(await (await store.read('tiny/onnx/model.onnx'))!.arrayBuffer())).toEqual(content);
  });

  it('says which models the folder does not have, and answers 404 for their files', async () => {
    const folder = pickedFolder([picked('escriba/tiny/config.json', new Uint8Array([1]))]);
    const files = [{ key: 'tiny/onnx/model.onnx', url }];
    expect(folderHasAll(folder, files)).toBe(false);
    expect((await folderFetch(folderPartFor(folder, files))(url)).status).toBe(404);
  });
});
