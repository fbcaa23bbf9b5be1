/**
 * Which models this computer runs, as the Modelos screen and the transcription service both need
 * it: every catalogue model with the variant it would run here and whether it can, what is
 * installed, and the effective choice per task (the doctor's, else the recommendation).
 *
 * The speech device can be forced in settings (`speech.device`): "auto" takes the GPU when it is
 * usable and WASM otherwise; a doctor whose GPU misbehaves can pick the processor, and a software
 * GPU (SwiftShader in the tests) can be chosen on purpose. The variant, and so the files
 * downloaded and loaded, follow that device. The pure part (entries, choice) is modelEntries.ts.
 */
import { useEffect, useMemo } from 'react';
import type { CatalogModel } from '../model-manager/catalogSchema';
import { isModelChoice, type ModelChoice } from '../model-manager/selection';
import { settings } from '../storage';
import { useSetting } from './data';
import { appModelInstaller, useInstallStates } from './modelInstaller';
import { chosenModels, devicePreference, modelEntries, type DevicePreference, type ModelEntry } from './modelEntries';
import { useModelSetup, type ModelSetup } from './useModelSetup';
import type { InstallState } from '../model-manager/installer';

export const MODEL_CHOICE_SETTING = 'models.choice';
export const SPEECH_DEVICE_SETTING = 'speech.device';

export interface ModelChoiceView {
  setup: ModelSetup;
  entries: ModelEntry[];
  states: ReadonlyMap<string, InstallState>;
  choice: ModelChoice;
  saved: ModelChoice;
  speechDevice: DevicePreference;
}

export function useModelChoice(): ModelChoiceView {
  const setup = useModelSetup();
  const states = useInstallStates();
  const speechDevice = devicePreference(useSetting(SPEECH_DEVICE_SETTING));
  const entries = useMemo(
    () =>
      setup.phase === 'ready'
        ? modelEntries(setup.active.catalog, setup.profile, setup.recommendation, speechDevice)
        : [],
    [setup, speechDevice],
  );

  useEffect(() => {
    // Re-read the store when the catalogue, hardware or device answer changes, not on every render.
    if (entries.length > 0) void appModelInstaller().refresh(entries);
  }, [entries]);

  const storedChoice = useSetting(MODEL_CHOICE_SETTING);
  const saved: ModelChoice = isModelChoice(storedChoice) ? storedChoice : {};
  const choice = chosenModels(
    saved,
    setup.phase === 'ready' ? setup.recommendation : null,
    entries,
    (id) => states.get(id)?.phase === 'ready',
  );
  return { setup, entries, states, choice, saved, speechDevice };
}

export function chooseModel(saved: ModelChoice, model: CatalogModel): Promise<void> {
  return settings.set(MODEL_CHOICE_SETTING, { ...saved, [model.task]: model.id });
}

export function chooseSpeechDevice(device: DevicePreference): Promise<void> {
  return settings.set(SPEECH_DEVICE_SETTING, device);
}
