/** The Spanish the doctor reads about what this computer can run (tiers.ts decides; this file words it). */
import { formatBytes } from '../shared/formatBytes';
import type { CatalogModel, Task } from './catalogSchema';
import type { CannotRunReason, ModelPick } from './tiers';

export function cannotRunMessage(
  model: CatalogModel,
  reason: CannotRunReason,
  detail: { feature?: string; neededBytes?: number; availableBytes?: number },
): string {
  const name = `«${model.name}»`;
  switch (reason) {
    case 'no-webgpu':
      return `${name} necesita una GPU con WebGPU, y este navegador no ofrece ninguna. Use una versión reciente de Chrome o Edge con la aceleración por hardware activada, o elija un modelo que funcione en modo CPU.`;
    case 'no-variant':
      return `${name} no tiene una versión que funcione sin GPU. Elija un modelo que funcione en modo CPU.`;
    case 'missing-feature':
      return `${name} necesita una función de la GPU (${detail.feature ?? 'desconocida'}) que esta computadora no tiene. Elija otro modelo.`;
    case 'insufficient-gpu-memory':
      return `${name} necesita unos ${formatBytes(detail.neededBytes ?? 0)} de memoria de la GPU y esta computadora tiene alrededor de ${formatBytes(detail.availableBytes ?? 0)} disponibles. Elija un modelo más chico.`;
    case 'insufficient-storage':
      return `${name} necesita al menos ${formatBytes(detail.neededBytes ?? 0)} de espacio y quedan ${formatBytes(detail.availableBytes ?? 0)} disponibles para Escriba. Libere espacio en el disco o elija un modelo más chico.`;
  }
}

/** What a refusal lacks, in a few words ("espacio de almacenamiento"). */
const LACKS: Record<CannotRunReason, string> = {
  'no-webgpu': 'una GPU con WebGPU',
  'no-variant': 'una GPU con WebGPU',
  'missing-feature': 'una función de la GPU que los modelos necesitan',
  'insufficient-gpu-memory': 'memoria de la GPU',
  'insufficient-storage': 'espacio de almacenamiento',
};

/**
 * Why a task has no model here, from the refusals of the models that were considered (none
 * considered in CPU mode means the catalogue has none that runs without a GPU).
 */
export function noPickMessage(task: Task, mode: 'gpu' | 'cpu', refusals: readonly CannotRunReason[]): string {
  const lacks = [...new Set(refusals.map((reason) => LACKS[reason]))];
  if (task === 'speech') {
    return lacks.length > 0
      ? `Ningún modelo de transcripción puede usarse en esta computadora: falta ${joinSpanish(lacks)}.`
      : 'El catálogo no tiene ningún modelo de transcripción en español para esta computadora.';
  }
  if (lacks.length === 0) {
    return mode === 'cpu'
      ? 'Para redactar notas automáticamente hace falta una GPU con WebGPU; en esta computadora Escriba puede grabar y transcribir, y la nota se escribe a mano.'
      : 'El catálogo no tiene ningún modelo en español para redactar notas en esta computadora; la nota se escribe a mano.';
  }
  return `Ningún modelo para redactar notas puede usarse en esta computadora: falta ${joinSpanish(lacks)}. Escriba puede grabar y transcribir, y la nota se escribe a mano.`;
}

function joinSpanish(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} o ${items.at(-1)}`;
}

function where(pick: ModelPick): string {
  return pick.device === 'webgpu' ? 'en la GPU' : 'en el procesador';
}

export function recommendationSummary(recommendation: {
  mode: 'gpu' | 'cpu';
  speech: ModelPick | null;
  llm: ModelPick | null;
  speechUnavailable: string | null;
  llmUnavailable: string | null;
}): string {
  const { mode, speech, llm } = recommendation;
  const intro = mode === 'cpu' ? 'No hay una GPU que Escriba pueda usar, así que funciona en modo CPU. ' : '';
  const parts: string[] = [];
  if (speech) parts.push(`${speech.model.name} para transcribir (${where(speech)})`);
  if (llm) parts.push(`${llm.model.name} para redactar notas (${where(llm)})`);
  const can = parts.length > 0 ? `Esta computadora puede usar ${parts.join(' y ')}.` : 'Esta computadora no puede usar ninguno de los modelos de Escriba.';
  const missing = [recommendation.speechUnavailable, recommendation.llmUnavailable].filter((text) => text !== null);
  return [intro + can, ...missing].join(' ');
}
