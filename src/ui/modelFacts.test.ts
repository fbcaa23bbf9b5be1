import { describe, expect, it } from 'vitest';
import { downloadSizeText, gpuMemoryText, licenseLabel } from './modelFacts';

describe('licenseLabel', () => {
  it('names the catalogue licences instead of showing their identifiers', () => {
    expect(licenseLabel('mit')).toBe('Licencia MIT');
    expect(licenseLabel('apache-2.0')).toBe('Licencia Apache 2.0');
    expect(licenseLabel('gemma')).toBe('Términos de uso de Gemma');
    expect(licenseLabel('llama3.2')).toBe('Licencia comunitaria de Llama 3.2');
    expect(licenseLabel('qwen-research')).toMatch(/no permite el uso comercial/);
    // A clinic's catalogue may name another: shown as given, never dropped.
    expect(licenseLabel('cc-by-4.0')).toBe('Licencia «cc-by-4.0»');
  });
});

describe('downloadSizeText', () => {
  it('gives the size when every file is known, a lower bound with what is missing, and says when nothing is known', () => {
    const known = (knownBytes: number, unknownPaths: string[] = []) => ({
      knownBytes,
      unknownFiles: unknownPaths.length,
      unknownPaths,
      fileListUnknown: false,
    });
    expect(downloadSizeText(known(127_000_000))).toBe('Descarga: 127 MB');
    expect(downloadSizeText(known(127_000_000, ['onnx/encoder_model.onnx']))).toBe(
      'Descarga: más de 127 MB, sin contar 1 archivo de pesos del modelo, cuyo tamaño se conoce al empezar',
    );
    expect(downloadSizeText(known(2_800_000, ['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']))).toBe(
      'Descarga: más de 2,8 MB, sin contar 2 archivos de pesos del modelo, cuyo tamaño se conoce al empezar',
    );
    expect(downloadSizeText(known(356_000_000, ['tokenizer_config.json', 'onnx/decoder_model_merged_q4.onnx']))).toBe(
      'Descarga: más de 356 MB, sin contar 1 archivo de pesos del modelo y 1 archivo más, cuyo tamaño se conoce al empezar',
    );
    expect(downloadSizeText({ knownBytes: 0, unknownFiles: 0, unknownPaths: [], fileListUnknown: true })).toBe(
      'Descarga: tamaño desconocido hasta empezar',
    );
  });
});

describe('gpuMemoryText', () => {
  it('reads web-llm MB as MiB and says nothing without an estimate', () => {
    expect(gpuMemoryText(2245.44)).toBe('Memoria de la GPU: unos 2,4 GB');
    expect(gpuMemoryText(null)).toBeNull();
  });
});
