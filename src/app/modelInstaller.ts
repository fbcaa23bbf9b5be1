/**
 * The app's one model installer: downloads run in the download worker and go on while the doctor
 * moves between screens. Created on first use, so the consultation screens never start the worker.
 */
import { useSyncExternalStore } from 'react';
import { DownloadWorkerClient } from '../model-manager/download.client';
import { ModelInstaller, type InstallState } from '../model-manager/installer';
import { OpfsModelStore } from '../model-manager/store.opfs';

let installer: ModelInstaller | undefined;

export function appModelInstaller(): ModelInstaller {
  installer ??= new ModelInstaller(new DownloadWorkerClient(), new OpfsModelStore());
  return installer;
}

export function useInstallStates(): ReadonlyMap<string, InstallState> {
  const current = appModelInstaller();
  return useSyncExternalStore(
    (onChange) => current.subscribe(onChange),
    () => current.getStates(),
  );
}
