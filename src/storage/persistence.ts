/** Persistent storage and quota: so the browser does not evict consultations under disk pressure. */

export interface StorageStatus {
  usedBytes: number;
  quotaBytes: number;
  persisted: boolean;
}

/** Asks once at start-up; Chromium grants it silently to installed or engaged sites. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = navigator.storage;
  if (!storage?.persist) return false;
  if (await storage.persisted()) return true;
  return storage.persist();
}

export async function readStorageStatus(): Promise<StorageStatus | undefined> {
  const storage = navigator.storage;
  if (!storage?.estimate) return undefined;
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
  return { usedBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
}
