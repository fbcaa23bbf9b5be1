/**
 * Which models this computer runs, as the Modelos screen and the transcription service both need
 * it: every catalogue model with the variant it would run here and whether it can, what is
 * installed, and the effective choice per task (the doctor's, else the recommendation).
 *
 * The speech device can be forced in settings (`speech.device`): "auto" takes the GPU when it is
 * usable and WASM otherwise; a doctor whose GPU misbehaves can pick the processor, and a software
 * GPU (SwiftShader in the tests) can be chosen on purpose. The variant, and so the files
 * downloaded and loaded, follow that device.
 */
import { useEffect, useMemo } from 'react';
import type { LoadedCatalog } from '../model-manager/catalog';
import { downloadEstimate } from '../model-manager/catalog';
import type { CatalogModel, Device, ModelVariant } from '../model-manager/catalogSchema';
import type { HardwareProfile } from '../model-manager/hardware';
import { effectiveChoice, isModelChoice, type ModelChoice } from '../model-manager/selection';
import { canRun, type Recommendation } from '../model-manager/tiers';
import { settings } from '../storage';
import type { ModelRow } from '../ui/ModelList';
import { useSetting } from './data';
import { appModelInstaller, useInstallStates } from './modelInstaller';
import { useModelSetup, type ModelSetup } from './useModelSetup';
import type { InstallState } from '../model-manager/installer';

export const MODEL_CHOICE_SETTING = 'models.choice';
export const SPEECH_DEVICE_SETTING = 'speech.device';

export type DevicePreference = 'auto' | Device;

export interface ModelEntry {
  model: CatalogModel;
  /** The variant this computer would run; for a model it cannot run, the first one (to show what is stored). */
  variant: ModelVariant;
  row: Omit<ModelRow, 'actions'>;
}

export interface ModelChoiceView {
  setup: ModelSetup;
  entries: ModelEntry[];
  states: ReadonlyMap<string, InstallState>;
  choice: ModelChoice;
  saved: ModelChoice;
  speechDevice: DevicePreference;
}

export function devicePreference(value: unknown): DevicePreference {
  return value === 'webgpu' || value === 'wasm' ? value : 'auto';
}

function entriesFor(
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
    const estimate = downloadEstimate(model, variant);
    const size = { knownBytes: estimate.knownBytes, partial: estimate.unknownFiles > 0 || estimate.fileListUnknown };
    return [{ model, variant, row: { model, feasibility, size, recommended: pickedIds.has(model.id) } }];
  });
}

export function useModelChoice(): ModelChoiceView {
  const setup = useModelSetup();
  const states = useInstallStates();
  const speechDevice = devicePreference(useSetting(SPEECH_DEVICE_SETTING));
  const entries = useMemo(
    () =>
      setup.phase === 'ready'
        ? entriesFor(setup.active.catalog, setup.profile, setup.recommendation, speechDevice)
        : [],
    [setup, speechDevice],
  );

  useEffect(() => {
    // Re-read the store when the catalogue, hardware or device answer changes, not on every render.
    if (entries.length > 0) void appModelInstaller().refresh(entries);
  }, [entries]);

  const storedChoice = useSetting(MODEL_CHOICE_SETTING);
  const saved: ModelChoice = isModelChoice(storedChoice) ? storedChoice : {};
  const recommendedIds: ModelChoice =
    setup.phase === 'ready'
      ? { speech: setup.recommendation.speech?.model.id, llm: setup.recommendation.llm?.model.id }
      : {};
  const choice = effectiveChoice(
    saved,
    recommendedIds,
    entries.map(({ model, row }) => ({
      id: model.id,
      task: model.task,
      runnable: row.feasibility.ok,
      installed: states.get(model.id)?.phase === 'ready',
    })),
  );
  return { setup, entries, states, choice, saved, speechDevice };
}

export function chooseModel(saved: ModelChoice, model: CatalogModel): Promise<void> {
  return settings.set(MODEL_CHOICE_SETTING, { ...saved, [model.task]: model.id });
}

export function chooseSpeechDevice(device: DevicePreference): Promise<void> {
  return settings.set(SPEECH_DEVICE_SETTING, device);
}
