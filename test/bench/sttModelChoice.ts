/**
 * The speech model bench:stt measures, picked as the app picks it (TranscriptionProvider through
 * useModelChoice): the catalogue the app would load (loadActiveCatalog: the one served at
 * /models/catalog.json, which the bench serves), this browser's hardware profile, recommend(),
 * the speech device preference, and effectiveChoice with the benchmark's override standing in for
 * the doctor's saved choice. Every model counts as installed: the bench installs the one it picks.
 */
import { chosenModels, modelEntries, type DevicePreference } from '../../src/app/modelEntries';
import { loadActiveCatalog } from '../../src/model-manager/catalogSource';
import { variantFor } from '../../src/model-manager/catalog';
import type { TransformersJsModel, TransformersJsVariant } from '../../src/model-manager/catalogSchema';
import { probeHardware } from '../../src/model-manager/hardware';
import { recommend, tierOf } from '../../src/model-manager/tiers';
import type { SpeechDevice } from '../../src/speech/speechEngine';

export interface SpeechModelChoice {
  model: TransformersJsModel;
  device: SpeechDevice;
  /** The variant the speech engine will load (the same pick, from the adapter's features). */
  variant: TransformersJsVariant;
  /** How it was picked, for the JSON. */
  chosenBy: 'override' | 'recommendation';
  catalogOrigin: 'bundled' | 'local-server';
  hardwareTier: string;
}

/** A remembered catalogue would only matter offline; the bench always reaches its own server. */
const NOTHING_REMEMBERED = { get: async () => undefined, set: async () => undefined };

export async function chooseSpeechModel(override: string | undefined, speechDevice: DevicePreference): Promise<SpeechModelChoice> {
  const [active, profile] = await Promise.all([loadActiveCatalog(NOTHING_REMEMBERED), probeHardware()]);
  const recommendation = recommend(profile, active.catalog);
  const entries = modelEntries(active.catalog, profile, recommendation, speechDevice);
  const choice = chosenModels(override ? { speech: override } : {}, recommendation, entries, () => true);
  // The app would quietly fall back to the recommendation; a benchmark asked for one model must not.
  if (override && choice.speech !== override) {
    const entry = entries.find((e) => e.model.id === override);
    const why = !entry ? 'not in the served catalogue' : entry.row.feasibility.ok ? 'not a speech model' : entry.row.feasibility.message;
    throw new Error(`BENCH_STT_MODEL=${override} cannot be used here: ${why}`);
  }
  const chosen = entries.find((e) => e.model.id === choice.speech);
  if (!chosen) throw new Error(`No speech model for this computer: ${recommendation.speechUnavailable ?? 'none runnable'}`);
  // As TranscriptionProvider: only a runnable transformers.js model is transcribed with.
  if (!chosen.row.feasibility.ok || chosen.model.engine !== 'transformers.js') {
    throw new Error(`${chosen.model.id} is not a runnable transformers.js speech model here`);
  }
  const device = chosen.row.feasibility.device;
  const variant = variantFor(chosen.model, device, { features: profile.gpu?.features ?? [] });
  if (!variant) throw new Error(`${chosen.model.id} has no ${device} variant here`);
  return {
    model: chosen.model,
    device,
    variant,
    chosenBy: override ? 'override' : 'recommendation',
    catalogOrigin: active.origin,
    hardwareTier: tierOf(profile),
  };
}
