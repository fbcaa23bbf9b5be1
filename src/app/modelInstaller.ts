/**
 * The app's one model installer: downloads run in the download worker and go on while the doctor
 * moves between screens. Created on first use, so the consultation screens never start the worker.
 */
import { useSyncExternalStore } from 'react';
import { DownloadWorkerClient } from '../model-manager/download.client';
import { ModelInstaller, type InstallState } from '../model-manager/installer';
import { OpfsModelStore } from '../model-manager/store.opfs';
import { WebLlmCache } from '../model-manager/webLlmCache';
import { storageChanged } from './data';

let installer: ModelInstaller | undefined;

export function appModelInstaller(): ModelInstaller {
  if (installer) return installer;
  // web-llm reads its builds from Cache Storage; without it (an insecure origin) they cannot be installed.
  const created = new ModelInstaller(
    new DownloadWorkerClient(),
    new OpfsModelStore(),
    'caches' in globalThis ? new WebLlmCache(caches) : undefined,
  );
  refreshStorageOnPhaseChange(created);
  installer = created;
  return created;
}

/**
 * The footer's storage figures are read every few seconds; a model finishing, or being deleted,
 * changes them by up to gigabytes at once, so they are read again then (on a change of phase, not
 * on every progress event of a download).
 */
export function refreshStorageOnPhaseChange(target: ModelInstaller): void {
  let phases = new Map<string, InstallState['phase']>();
  target.subscribe(() => {
    const now = new Map([...target.getStates()].map(([id, state]) => [id, state.phase]));
    const changed = [...now].some(([id, phase]) => phases.get(id) !== phase) || now.size !== phases.size;
    phases = now;
    if (changed) storageChanged();
  });
}

export function useInstallStates(): ReadonlyMap<string, InstallState> {
  const current = appModelInstaller();
  return useSyncExternalStore(
    (onChange) => current.subscribe(onChange),
    () => current.getStates(),
  );
}
