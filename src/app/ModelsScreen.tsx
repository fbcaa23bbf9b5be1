import type { LoadedCatalog } from '../model-manager/catalog';
import { downloadEstimate } from '../model-manager/catalog';
import type { CatalogModel } from '../model-manager/catalogSchema';
import type { HardwareProfile } from '../model-manager/hardware';
import { canRun, type Recommendation } from '../model-manager/tiers';
import { Alert } from '../ui/Alert';
import { HardwareSummary } from '../ui/HardwareSummary';
import { ModelList, type ModelRow } from '../ui/ModelList';
import { useModelSetup } from './useModelSetup';

function rowsFor(task: CatalogModel['task'], catalog: LoadedCatalog, profile: HardwareProfile, recommendation: Recommendation): ModelRow[] {
  const picked = task === 'speech' ? recommendation.speech : recommendation.llm;
  return catalog.byTask(task).map((model) => {
    const feasibility = canRun(model, profile);
    const variant = feasibility.ok ? feasibility.variant : model.variants[0];
    const estimate = variant ? downloadEstimate(model, variant) : { knownBytes: 0, unknownFiles: 0, fileListUnknown: true };
    return {
      model,
      feasibility,
      size: { knownBytes: estimate.knownBytes, partial: estimate.unknownFiles > 0 || estimate.fileListUnknown },
      recommended: picked?.model.id === model.id,
    };
  });
}

/** "Modelos": what this computer can run, what Escriba recommends, and every model in the catalogue. */
export function ModelsScreen() {
  const setup = useModelSetup();
  return (
    <section aria-labelledby="models-title">
      <div className="screen-header">
        <h1 id="models-title">Modelos</h1>
      </div>
      {setup.phase === 'loading' && <p className="empty">Revisando esta computadora…</p>}
      {setup.phase === 'failed' && (
        <Alert message="No se pudo leer el catálogo de modelos. Si Escriba se instaló desde un servidor de la clínica, avise a quien lo administra." />
      )}
      {setup.phase === 'ready' && (
        <>
          <HardwareSummary profile={setup.profile} recommendation={setup.recommendation} />
          {setup.active.origin === 'local-server' && (
            <p className="hint">Catálogo provisto por el servidor desde el que se abrió Escriba.</p>
          )}
          <ModelList title="Transcripción" rows={rowsFor('speech', setup.active.catalog, setup.profile, setup.recommendation)} />
          <ModelList title="Redacción de notas" rows={rowsFor('llm', setup.active.catalog, setup.profile, setup.recommendation)} />
        </>
      )}
    </section>
  );
}
