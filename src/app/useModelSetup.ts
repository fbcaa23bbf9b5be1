/** The catalogue in use, this computer's hardware profile and the resulting recommendation. */
import { useEffect, useState } from 'react';
import { loadActiveCatalog, type ActiveCatalog } from '../model-manager/catalogSource';
import { probeHardware, type HardwareProfile } from '../model-manager/hardware';
import { recommend, type Recommendation } from '../model-manager/tiers';
import { settings } from '../storage';

const LOCAL_CATALOG_SETTING = 'models.localServerCatalog';
const rememberedCatalog = {
  get: () => settings.get(LOCAL_CATALOG_SETTING),
  set: (json: unknown) => settings.set(LOCAL_CATALOG_SETTING, json),
};

export type ModelSetup =
  | { phase: 'loading' }
  | { phase: 'ready'; active: ActiveCatalog; profile: HardwareProfile; recommendation: Recommendation }
  | { phase: 'failed'; error: unknown };

export function useModelSetup(): ModelSetup {
  const [setup, setSetup] = useState<ModelSetup>({ phase: 'loading' });
  useEffect(() => {
    let alive = true;
    Promise.all([loadActiveCatalog(rememberedCatalog), probeHardware()]).then(
      ([active, profile]) =>
        alive && setSetup({ phase: 'ready', active, profile, recommendation: recommend(profile, active.catalog) }),
      (error: unknown) => alive && setSetup({ phase: 'failed', error }),
    );
    return () => {
      alive = false;
    };
  }, []);
  return setup;
}
