import type { CatalogModel } from '../model-manager/catalogSchema';
import { folderHasAll, pickedFolder } from '../model-manager/folderSource';
import { folderEntryFilesFor } from '../model-manager/installer';
import { spanishMessage } from '../shared/messages';
import type { Professional } from '../storage/settings';
import { Alert } from '../ui/Alert';
import { FolderInstall } from '../ui/FolderInstall';
import { HardwareSummary } from '../ui/HardwareSummary';
import { ModelActions } from '../ui/ModelActions';
import { ModelList, type ModelRow } from '../ui/ModelList';
import { ProfessionalSettings } from '../ui/ProfessionalSettings';
import { SpeechDeviceSetting } from '../ui/SpeechDeviceSetting';
import { appModelInstaller } from './modelInstaller';
import type { ModelEntry } from './modelEntries';
import { saveProfessional, useProfessional } from './professional';
import { chooseModel, chooseSpeechDevice, useModelChoice } from './useModelChoice';

/** "Modelos": what this computer can run, what Escriba recommends, and every model in the catalogue. */
export function ModelsScreen() {
  const { setup, entries, states, choice, saved, speechDevice } = useModelChoice();
  const installer = appModelInstaller();
  const professional = useProfessional();
  const use = (model: CatalogModel) => void chooseModel(saved, model);

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
  // Only where the installer cannot place files for the runtime (web-llm without Cache Storage).
  const unsupported = (e: ModelEntry) => states.get(e.model.id)?.phase === 'unsupported';
  const recommended = recommendedAll.filter((e) => !unsupported(e));
  const notDownloadable = recommendedAll.filter(unsupported);
  const missing = recommended.filter((e) => states.get(e.model.id)?.phase !== 'ready');
  const inProgress = (e: ModelEntry) => ['queued', 'downloading'].includes(states.get(e.model.id)?.phase ?? '');
  const startable = missing.filter((e) => !inProgress(e));

  function installFromFolder(picked: File[]): string[] {
    const folder = pickedFolder(picked);
    return entries.flatMap((entry) => {
      const { model, variant, row } = entry;
      const files = folderEntryFilesFor(model, variant);
      if (!row.feasibility.ok || unsupported(entry) || !files || !folderHasAll(folder, files)) return [];
      void installer.download(model, variant, { folder });
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
                      ? 'Los modelos recomendados están descargados: Escriba ya no necesita internet.'
                      : `${recommended.map((e) => e.model.name).join(' y ')}: descargado; funciona sin internet.`}
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
          <SpeechDeviceSetting
            value={speechDevice}
            gpuAvailable={setup.profile.gpu !== null}
            onChange={(device) => void chooseSpeechDevice(device)}
          />
          <ModelList title="Redacción de notas" rows={withActions('llm')} />
          <FolderInstall onFolder={installFromFolder} />
        </>
      )}
      <ProfessionalSettings stored={professional} onSave={saveProfessionalData} />
    </section>
  );
}

async function saveProfessionalData(professional: Professional): Promise<string | null> {
  try {
    await saveProfessional(professional);
    return null;
  } catch (error) {
    return spanishMessage(error);
  }
}
