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

export function useStorageStatus(): StorageStatus | undefined {
  const [status, setStatus] = useState<StorageStatus>();
  useEffect(() => {
    let alive = true;
    const refresh = () => readStorageStatus().then((s) => alive && setStatus(s), () => undefined);
    void refresh();
    const timer = window.setInterval(refresh, STORAGE_REFRESH_MS);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, []);
  return status;
}

/** A stored setting, live; `undefined` while loading or when unset. */
export function useSetting(key: string): unknown {
  return useLiveQuery(() => settings.get(key), [key]);
}
