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
    expect(downloadSizeText({ knownBytes: 127_000_000, unknownFiles: 0, fileListUnknown: false })).toBe('Descarga: 127 MB');
    expect(downloadSizeText({ knownBytes: 127_000_000, unknownFiles: 1, fileListUnknown: false })).toBe(
      'Descarga: más de 127 MB (el tamaño de 1 archivo se conoce al empezar)',
    );
    expect(downloadSizeText({ knownBytes: 2_000, unknownFiles: 2, fileListUnknown: false })).toMatch(/de 2 archivos se conoce/);
    expect(downloadSizeText({ knownBytes: 0, unknownFiles: 0, fileListUnknown: true })).toBe('Descarga: tamaño desconocido hasta empezar');
  });
});

describe('gpuMemoryText', () => {
  it('reads web-llm MB as MiB and says nothing without an estimate', () => {
    expect(gpuMemoryText(2245.44)).toBe('Memoria de la GPU: unos 2,4 GB');
    expect(gpuMemoryText(null)).toBeNull();
  });
});
