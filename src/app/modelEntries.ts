/**
 * The pure half of useModelChoice: every catalogue model with the variant it would run on this
 * computer and whether it can, and the effective choice per task (the doctor's, else the
 * recommendation). Kept outside React so a benchmark picks its model exactly as the app does.
 */
import type { LoadedCatalog } from '../model-manager/catalog';
import { downloadEstimate, type DownloadEstimate } from '../model-manager/catalog';
import type { CatalogModel, Device, ModelVariant } from '../model-manager/catalogSchema';
import type { HardwareProfile } from '../model-manager/hardware';
import { effectiveChoice, type ModelChoice } from '../model-manager/selection';
import { canRun, type CanRunResult, type Recommendation } from '../model-manager/tiers';

/** The speech device setting: "auto" takes the GPU when it is usable and WASM otherwise. */
export type DevicePreference = 'auto' | Device;

/** What the Modelos list shows of a model (ui/ModelList adds the screen's controls). */
export interface ModelFacts {
  model: CatalogModel;
  feasibility: CanRunResult;
  /** What the catalogue knows of the download of the variant this computer would run. */
  size: DownloadEstimate;
  /** web-llm's GPU memory estimate for that variant (MB); null where the catalogue has none. */
  vramMB: number | null;
  recommended: boolean;
}

export interface ModelEntry {
  model: CatalogModel;
  /** The variant this computer would run; for a model it cannot run, the first one (to show what is stored). */
  variant: ModelVariant;
  row: ModelFacts;
}

export function devicePreference(value: unknown): DevicePreference {
  return value === 'webgpu' || value === 'wasm' ? value : 'auto';
}

export function modelEntries(
  catalog: LoadedCatalog,
  profile: HardwareProfile,
  recommendation: Recommendation,
  speechDevice: DevicePreference,
): ModelEntry[] {
  const pickedIds = new Set([recommendation.speech?.model.id, recommendation.llm?.model.id]);
  return catalog.models.flatMap((model) => {
    const forced = model.task === 'speech' && speechDevice !== 'auto' ? { device: speechDevice } : {};
    const feasibility = canRun(model, profile, forced);
    const variant = feasibility.ok ? feasibility.variant : model.variants[0];
    if (!variant) return [];
    const size = downloadEstimate(model, variant);
    return [{ model, variant, row: { model, feasibility, size, vramMB: variant.vramMB, recommended: pickedIds.has(model.id) } }];
  });
}

/** Which model each task uses: the saved choice while it is installed and runnable, else the recommendation. */
export function chosenModels(
  saved: ModelChoice,
  recommendation: Recommendation | null,
  entries: readonly ModelEntry[],
  isInstalled: (modelId: string) => boolean,
): ModelChoice {
  const recommendedIds: ModelChoice = recommendation
    ? { speech: recommendation.speech?.model.id, llm: recommendation.llm?.model.id }
    : {};
  return effectiveChoice(
    saved,
    recommendedIds,
    entries.map(({ model, row }) => ({
      id: model.id,
      task: model.task,
      runnable: row.feasibility.ok,
      installed: isInstalled(model.id),
    })),
  );
}
