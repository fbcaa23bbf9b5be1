import { useEffect } from 'react';
import type { LoadedCatalog } from '../model-manager/catalog';
import { downloadEstimate } from '../model-manager/catalog';
import type { CatalogModel, ModelVariant } from '../model-manager/catalogSchema';
import type { HardwareProfile } from '../model-manager/hardware';
import { folderHasAll, folderPartFor, indexFolder, pickedFolder } from '../model-manager/folderSource';
import { downloadFilesFor } from '../model-manager/installer';
import { effectiveChoice, isModelChoice, type ModelChoice } from '../model-manager/selection';
import { canRun, type Recommendation } from '../model-manager/tiers';
import { settings } from '../storage';
import { Alert } from '../ui/Alert';
import { FolderInstall } from '../ui/FolderInstall';
import { HardwareSummary } from '../ui/HardwareSummary';
import { ModelActions } from '../ui/ModelActions';
import { ModelList, type ModelRow } from '../ui/ModelList';
import { appModelInstaller, useInstallStates } from './modelInstaller';
import { useSetting } from './data';
import { useModelSetup } from './useModelSetup';

const MODEL_CHOICE_SETTING = 'models.choice';

interface Entry {
  model: CatalogModel;
  /** The variant this computer would run; for a model it cannot run, the first one (to show what is stored). */
  variant: ModelVariant;
  row: Omit<ModelRow, 'actions'>;
}

function entriesFor(catalog: LoadedCatalog, profile: HardwareProfile, recommendation: Recommendation): Entry[] {
  const pickedIds = new Set([recommendation.speech?.model.id, recommendation.llm?.model.id]);
  return catalog.models.flatMap((model) => {
    const feasibility = canRun(model, profile);
    const variant = feasibility.ok ? feasibility.variant : model.variants[0];
    if (!variant) return [];
    const estimate = downloadEstimate(model, variant);
    const size = { knownBytes: estimate.knownBytes, partial: estimate.unknownFiles > 0 || estimate.fileListUnknown };
    return [{ model, variant, row: { model, feasibility, size, recommended: pickedIds.has(model.id) } }];
  });
}

/** "Modelos": what this computer can run, what Escriba recommends, and every model in the catalogue. */
export function ModelsScreen() {
  const setup = useModelSetup();
  const states = useInstallStates();
  const installer = appModelInstaller();
  const entries = setup.phase === 'ready' ? entriesFor(setup.active.catalog, setup.profile, setup.recommendation) : [];

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
  const use = (model: CatalogModel) => void settings.set(MODEL_CHOICE_SETTING, { ...saved, [model.task]: model.id });

  useEffect(() => {
    if (entries.length > 0) void installer.refresh(entries);
    // Re-read the store when the catalogue and hardware answer arrives, not on every render.
  }, [setup]);

  const withActions = (task: CatalogModel['task']): ModelRow[] =>
    entries
      .filter((entry) => entry.model.task === task)
      .map(({ model, variant, row }) => ({
        ...row,
        actions: (
          <ModelActions
            name={model.name}
            state={states.get(model.id)}
            allowed={row.feasibility.ok}
            onDownload={() => void installer.download(model, variant)}
            onPause={() => installer.pause(model.id)}
            onRemove={() => void installer.remove(model, variant)}
            inUse={choice[model.task] === model.id}
            {...(row.feasibility.ok ? { onUse: () => use(model) } : {})}
          />
        ),
      }));

  const recommendedAll = entries.filter((e) => e.row.recommended);
  const recommended = recommendedAll.filter((e) => downloadFilesFor(e.model, e.variant) !== null);
  // web-llm builds list their files in their own manifest: not downloadable from here yet.
  const notDownloadable = recommendedAll.filter((e) => downloadFilesFor(e.model, e.variant) === null);
  const missing = recommended.filter((e) => states.get(e.model.id)?.phase !== 'ready');
  const inProgress = (e: Entry) => ['queued', 'downloading'].includes(states.get(e.model.id)?.phase ?? '');
  const startable = missing.filter((e) => !inProgress(e));

  function installFromFolder(picked: File[]): string[] {
    const folder = indexFolder(pickedFolder(picked));
    return entries.flatMap(({ model, variant, row }) => {
      const files = downloadFilesFor(model, variant);
      if (!row.feasibility.ok || !files || !folderHasAll(folder, files)) return [];
      void installer.download(model, variant, { folder: folderPartFor(folder, files) });
      return [model.name];
    });
  }

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
          {recommendedAll.length > 0 && (
            <section className="card" aria-labelledby="prepare-title">
              <h2 id="prepare-title">Preparar Escriba</h2>
              {notDownloadable.length > 0 && (
                <p>
                  {notDownloadable.map((e) => e.model.name).join(' y ')} todavía no se puede descargar desde Escriba;
                  hasta entonces la nota se escribe a mano.
                </p>
              )}
              {missing.length === 0 ? (
                recommended.length > 0 && (
                  <p>
                    {notDownloadable.length === 0
                      ? 'Los modelos recomendados están descargados y verificados: Escriba ya no necesita internet.'
                      : `${recommended.map((e) => e.model.name).join(' y ')}: descargado y verificado; funciona sin internet.`}
                  </p>
                )
              ) : (
                <>
                  <p>
                    Escriba necesita descargar una sola vez: {missing.map((e) => e.model.name).join(' y ')}. Después
                    funciona sin internet. Puede pausar y seguir más tarde; lo descargado no se pierde.
                  </p>
                  {startable.length > 0 ? (
                    <button
                      type="button"
                      className="primary"
                      onClick={() => startable.forEach((e) => void installer.download(e.model, e.variant))}
                    >
                      Descargar los recomendados
                    </button>
                  ) : (
                    <p className="hint">Descargando; el avance de cada modelo se ve en su lista.</p>
                  )}
                </>
              )}
            </section>
          )}
          {setup.active.origin === 'local-server' && (
            <p className="hint">Catálogo provisto por el servidor desde el que se abrió Escriba.</p>
          )}
          <ModelList title="Transcripción" rows={withActions('speech')} />
          <ModelList title="Redacción de notas" rows={withActions('llm')} />
          <FolderInstall onFolder={installFromFolder} />
        </>
      )}
    </section>
  );
}
