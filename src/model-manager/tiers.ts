/**
 * From a hardware profile and the catalogue: the tier this computer belongs to, whether a given
 * model can run here (and if not, why, in Spanish), and the speech + LLM pair Escriba recommends.
 * Pure: the browser is only read by probeHardware (hardware.ts).
 */
import { TIERS, type CatalogModel, type Device, type ModelVariant, type Task, type Tier } from './catalogSchema';
import { downloadEstimate, variantFor, type LoadedCatalog } from './catalog';
import { hasUsableGpu, type HardwareProfile } from './hardware';
import { cannotRunMessage, noPickMessage, recommendationSummary } from './tiersText';

/** GPU memory budget (see hardware.ts) from which a computer counts as mid or high tier. */
export const GPU_MID_MIN_BYTES = 3 * 1024 ** 3;
export const GPU_HIGH_MIN_BYTES = 6 * 1024 ** 3;
/** Models may use this share of the GPU budget; the rest is for the browser, the page and activations. */
export const GPU_BUDGET_USABLE_SHARE = 0.85;
/** web-llm's "MB" read as MiB: the larger, conservative figure. */
export const VRAM_MB_BYTES = 1024 * 1024;
/** Notes are written in Spanish: only models whose publisher declares it are recommended. */
export const NOTE_LANGUAGE = 'es';

export type CannotRunReason =
  | 'no-webgpu'
  | 'no-variant'
  | 'missing-feature'
  | 'insufficient-gpu-memory'
  | 'insufficient-storage';

export type CanRunResult =
  | { ok: true; device: Device; variant: ModelVariant }
  | {
      ok: false;
      reason: CannotRunReason;
      /** Spanish, for the doctor: what is missing and what to do instead. */
      message: string;
      /** The feature that is missing, or the bytes needed and available. */
      detail: { feature?: string; neededBytes?: number; availableBytes?: number };
    };

export interface CanRunOptions {
  /** Run on this device; by default the GPU when it is usable, else WASM, else a software GPU. */
  device?: Device;
  /** GPU memory already taken by another model that stays loaded (the speech model next to the LLM). */
  reservedGpuBytes?: number;
  /** The files are already stored: skip the storage check. */
  installed?: boolean;
}

export function tierOf(profile: HardwareProfile): Tier {
  if (!hasUsableGpu(profile)) return 'cpu';
  const budget = profile.gpuMemory?.bytes;
  if (budget === undefined || budget < GPU_MID_MIN_BYTES) return 'gpu-low';
  return budget < GPU_HIGH_MIN_BYTES ? 'gpu-mid' : 'gpu-high';
}

export function canRun(model: CatalogModel, profile: HardwareProfile, options: CanRunOptions = {}): CanRunResult {
  const device = options.device ?? defaultDevice(model, profile);
  const fail = (reason: CannotRunReason, detail: Extract<CanRunResult, { ok: false }>['detail'] = {}): CanRunResult => ({
    ok: false,
    reason,
    detail,
    message: cannotRunMessage(model, reason, detail),
  });

  if (device === 'webgpu' && profile.gpu === null) return fail('no-webgpu');
  const variant = variantFor(model, device, { features: profile.gpu?.features ?? [] });
  if (!variant) {
    const onDevice = model.variants.filter((v) => v.device === device);
    if (onDevice.length === 0) return fail('no-variant');
    const missing = onDevice[0]?.requiredFeatures.find((feature) => !profile.gpu?.features.includes(feature));
    return fail('missing-feature', missing === undefined ? {} : { feature: missing });
  }

  const budget = profile.gpuMemory?.bytes;
  if (device === 'webgpu' && variant.vramMB !== null && budget !== undefined) {
    const neededBytes = Math.ceil(variant.vramMB * VRAM_MB_BYTES);
    const availableBytes = Math.max(0, Math.floor(budget * GPU_BUDGET_USABLE_SHARE) - (options.reservedGpuBytes ?? 0));
    if (neededBytes > availableBytes) return fail('insufficient-gpu-memory', { neededBytes, availableBytes });
  }

  if (!options.installed && profile.storage) {
    // Sizes the catalogue does not know count as zero: a lower bound can only refuse what surely does not fit.
    const neededBytes = downloadEstimate(model, variant).knownBytes;
    const availableBytes = Math.max(0, profile.storage.quotaBytes - profile.storage.usageBytes);
    if (neededBytes > availableBytes) return fail('insufficient-storage', { neededBytes, availableBytes });
  }
  return { ok: true, device, variant };
}

function defaultDevice(model: CatalogModel, profile: HardwareProfile): Device {
  if (hasUsableGpu(profile)) return 'webgpu';
  // A software adapter is far slower than WASM; use it only for models that have no WASM build.
  return model.variants.some((variant) => variant.device === 'wasm') ? 'wasm' : 'webgpu';
}

export interface ModelPick {
  model: CatalogModel;
  variant: ModelVariant;
  device: Device;
}

export interface Recommendation {
  tier: Tier;
  /** "cpu": no usable GPU; speech runs on WASM and only models with a WASM build are offered. */
  mode: 'gpu' | 'cpu';
  speech: ModelPick | null;
  llm: ModelPick | null;
  /** Spanish: why a task has no model here (null when it has one). */
  speechUnavailable: string | null;
  llmUnavailable: string | null;
  /** Spanish, for the doctor: "Esta computadora puede usar …". */
  summary: string;
}

/**
 * The pair Escriba suggests for this computer: for each task, the most capable model (highest tier
 * not above the computer's; catalogue order breaks ties) that can run here. The LLM is chosen first
 * and its GPU memory is reserved, since both stay loaded during a consultation.
 */
export function recommend(profile: HardwareProfile, catalog: LoadedCatalog): Recommendation {
  const tier = tierOf(profile);
  const mode = tier === 'cpu' ? 'cpu' : 'gpu';
  const device: Device = mode === 'cpu' ? 'wasm' : 'webgpu';
  const llm = pick(catalog, 'llm', tier, profile, { device });
  const llmVramMB = llm.pick?.variant.vramMB ?? 0;
  const speech = pick(catalog, 'speech', tier, profile, { device, reservedGpuBytes: llmVramMB * VRAM_MB_BYTES });
  const recommendation = {
    tier,
    mode,
    speech: speech.pick,
    llm: llm.pick,
    speechUnavailable: speech.pick ? null : noPickMessage('speech', mode, speech.refusals),
    llmUnavailable: llm.pick ? null : noPickMessage('llm', mode, llm.refusals),
  } as const;
  return { ...recommendation, summary: recommendationSummary(recommendation) };
}

function pick(
  catalog: LoadedCatalog,
  task: Task,
  tier: Tier,
  profile: HardwareProfile,
  options: CanRunOptions,
): { pick: ModelPick | null; refusals: CannotRunReason[] } {
  const maxTier = TIERS.indexOf(tier);
  const candidates = catalog
    .byTask(task)
    // An experimental model (a fine-tune under evaluation) is used only when the doctor picks it.
    .filter((model) => model.languages.includes(NOTE_LANGUAGE) && TIERS.indexOf(model.tier) <= maxTier && !model.experimental)
    .map((model, order) => ({ model, order }))
    .sort((a, b) => TIERS.indexOf(b.model.tier) - TIERS.indexOf(a.model.tier) || a.order - b.order);
  const refusals: CannotRunReason[] = [];
  for (const { model } of candidates) {
    const result = canRun(model, profile, options);
    if (result.ok) return { pick: { model, variant: result.variant, device: result.device }, refusals };
    refusals.push(result.reason);
  }
  return { pick: null, refusals };
}
