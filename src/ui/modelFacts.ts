/**
 * How the Modelos list words a model's facts before it is downloaded: its licence by name (the
 * catalogue holds identifiers such as "apache-2.0"), and its download size as far as the catalogue
 * knows it, saying plainly what is known only once the download starts.
 */
import type { DownloadEstimate } from '../model-manager/catalog';
import { formatBytes } from './format';

/** The licences the catalogue uses, as a doctor or a clinic's administrator would name them. */
const LICENSES: Record<string, string> = {
  'apache-2.0': 'Licencia Apache 2.0',
  mit: 'Licencia MIT',
  gemma: 'Términos de uso de Gemma',
  'llama3.2': 'Licencia comunitaria de Llama 3.2',
  'qwen-research': 'Licencia Qwen Research (no permite el uso comercial)',
};

export function licenseLabel(license: string): string {
  return LICENSES[license.toLowerCase()] ?? `Licencia «${license}»`;
}

/** Files that hold a model's weights: when their size is unknown, a lower bound says little. */
const WEIGHTS = /\.(onnx|onnx_data|bin|safetensors|gguf)$/;

export function downloadSizeText(estimate: DownloadEstimate): string {
  const { knownBytes, unknownPaths, fileListUnknown } = estimate;
  // web-llm builds: the file list and sizes are in the build's own manifest, read when the download starts.
  if (fileListUnknown || knownBytes === 0) return 'Descarga: tamaño desconocido hasta empezar';
  if (unknownPaths.length === 0) return `Descarga: ${formatBytes(knownBytes)}`;
  const weights = unknownPaths.filter((path) => WEIGHTS.test(path)).length;
  const others = unknownPaths.length - weights;
  const missing = [
    weights > 0 ? (weights === 1 ? '1 archivo de pesos del modelo' : `${weights} archivos de pesos del modelo`) : '',
    others > 0 ? (others === 1 ? '1 archivo más' : `${others} archivos más`) : '',
  ].filter(Boolean);
  // Said so that "más de 3 MB" is never read as the size of a model whose weights are not counted.
  return `Descarga: más de ${formatBytes(knownBytes)}, sin contar ${missing.join(' y ')}, cuyo tamaño se conoce al empezar`;
}

/** web-llm's VRAM estimate (MB read as MiB, as tiers.ts does), or null where the catalogue has none. */
export function gpuMemoryText(vramMB: number | null): string | null {
  return vramMB === null ? null : `Memoria de la GPU: unos ${formatBytes(vramMB * 1024 * 1024)}`;
}
