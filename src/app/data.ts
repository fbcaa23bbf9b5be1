/** Live views of stored data for screens; components never query the database themselves. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import {
  encounters,
  readStorageStatus,
  settings,
  transcript,
  type Encounter,
  type StorageStatus,
  type TranscriptSegment,
} from '../storage';

export function useEncounterList(): Encounter[] | undefined {
  return useLiveQuery(() => encounters.list(), []);
}

/** `null` once loaded and missing; `undefined` while loading. */
export function useEncounter(id: string): Encounter | null | undefined {
  return useLiveQuery(async () => (await encounters.get(id)) ?? null, [id]);
}

/** The consultation's transcript in time order, live as segments are stored; `undefined` while loading. */
export function useTranscript(encounterId: string): TranscriptSegment[] | undefined {
  return useLiveQuery(() => transcript.list(encounterId), [encounterId]);
}

const STORAGE_REFRESH_MS = 5_000;

/** Told when something wrote or deleted a lot at once (a model installed or removed). */
const storageChanges = new EventTarget();

/** Re-reads the storage figures now instead of at the next tick (the footer must not say «0 B» next to «Listo»). */
export function storageChanged(): void {
  storageChanges.dispatchEvent(new Event('change'));
}

/** Calls `listener` on each `storageChanged()`; returns the unsubscribe function. */
export function onStorageChanged(listener: () => void): () => void {
  storageChanges.addEventListener('change', listener);
  return () => storageChanges.removeEventListener('change', listener);
}

export function useStorageStatus(): StorageStatus | undefined {
  const [status, setStatus] = useState<StorageStatus>();
  useEffect(() => {
    let alive = true;
    const refresh = () => readStorageStatus().then((s) => alive && setStatus(s), () => undefined);
    void refresh();
    const timer = window.setInterval(refresh, STORAGE_REFRESH_MS);
    const unsubscribe = onStorageChanged(() => void refresh());
    return () => {
      alive = false;
      window.clearInterval(timer);
      unsubscribe();
    };
  }, []);
  return status;
}

/** A stored setting, live; `undefined` while loading or when unset. */
export function useSetting(key: string): unknown {
  return useLiveQuery(() => settings.get(key), [key]);
}
