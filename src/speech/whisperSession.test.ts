import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalog, variantFiles, variantFor } from '../model-manager/catalog';
import { resolveRelativeHosts } from '../model-manager/catalogSource';
import { SpeechModelMissingError } from '../shared/errors';
import { installedVariant } from './whisperSession';

const json: unknown = JSON.parse(readFileSync(new URL('../../test/fixtures/models/catalog.json', import.meta.url), 'utf8'));
const model = parseCatalog(resolveRelativeHosts(json, 'http://localhost')).byId('whisper-fixture');
if (model?.engine !== 'transformers.js') throw new Error('no whisper-fixture');
const wasm = variantFor(model, 'wasm')!;
const gpu = variantFor(model, 'webgpu')!;
const installed = (...variants: (typeof wasm)[]) => {
  const paths = new Set(variants.flatMap((v) => variantFiles(model, v).map((f) => f.path)));
  return async (path: string) => paths.has(path);
};

describe('installedVariant', () => {
  it('loads each device’s own build when it is installed', async () => {
    expect(await installedVariant(model, 'wasm', [], installed(wasm, gpu))).toBe(wasm);
    expect(await installedVariant(model, 'webgpu', [], installed(wasm, gpu))).toBe(gpu);
  });

  it('falls back to the processor with the GPU build when only that one was downloaded', async () => {
    expect(wasm.dtype).not.toEqual(gpu.dtype);
    expect(await installedVariant(model, 'wasm', [], installed(gpu))).toBe(gpu);
  });

  it('never runs the processor build on the GPU, and names what is missing', async () => {
    await expect(installedVariant(model, 'webgpu', [], installed(wasm))).rejects.toThrow(SpeechModelMissingError);
    await expect(installedVariant(model, 'wasm', [], installed())).rejects.toThrow(/missing: .*encoder_model_quantized\.onnx/);
  });
});
