/**
 * The app's one model installer: downloads run in the download worker and go on while the doctor
 * moves between screens. Created on first use, so the consultation screens never start the worker.
 */
import { useSyncExternalStore } from 'react';
import { DownloadWorkerClient } from '../model-manager/download.client';
import { ModelInstaller, type InstallState } from '../model-manager/installer';
import { OpfsModelStore } from '../model-manager/store.opfs';
import { WebLlmCache } from '../model-manager/webLlmCache';

let installer: ModelInstaller | undefined;

export function appModelInstaller(): ModelInstaller {
  // web-llm reads its builds from Cache Storage; without it (an insecure origin) they cannot be installed.
  installer ??= new ModelInstaller(
    new DownloadWorkerClient(),
    new OpfsModelStore(),
    'caches' in globalThis ? new WebLlmCache(caches) : undefined,
  );
  return installer;
}

export function useInstallStates(): ReadonlyMap<string, InstallState> {
  const current = appModelInstaller();
  return useSyncExternalStore(
    (onChange) => current.subscribe(onChange),
    () => current.getStates(),
  );
}
