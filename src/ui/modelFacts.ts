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

export function downloadSizeText(estimate: DownloadEstimate): string {
  const { knownBytes, unknownFiles, fileListUnknown } = estimate;
  // web-llm builds: the file list and sizes are in the build's own manifest, read when the download starts.
  if (fileListUnknown) return 'Descarga: tamaño desconocido hasta empezar';
  if (knownBytes === 0) return 'Descarga: tamaño desconocido hasta empezar';
  if (unknownFiles === 0) return `Descarga: ${formatBytes(knownBytes)}`;
  const files = unknownFiles === 1 ? '1 archivo' : `${unknownFiles} archivos`;
  return `Descarga: más de ${formatBytes(knownBytes)} (el tamaño de ${files} se conoce al empezar)`;
}

/** web-llm's VRAM estimate (MB read as MiB, as tiers.ts does), or null where the catalogue has none. */
export function gpuMemoryText(vramMB: number | null): string | null {
  return vramMB === null ? null : `Memoria de la GPU: unos ${formatBytes(vramMB * 1024 * 1024)}`;
}
