/** Live views of stored data for screens; components never query the database themselves. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import {
  consultationAudioSize,
  consultationTextSize,
  encounters,
  readStorageStatus,
  settings,
  transcript,
  type Encounter,
  type StorageStatus,
  type StoredAudioSize,
  type StoredTextSize,
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

export interface ConsultationSize {
  /** Null while audio is being captured: it grows every second, and re-reading it each time would cost more than it tells. */
  audio: StoredAudioSize | null | undefined;
  text: StoredTextSize | undefined;
}

/** The consultation's stored bytes, live; audio and text are separate queries (see storage/footprint.ts). */
export function useConsultationSize(id: string, capturing: boolean): ConsultationSize {
  const audio = useLiveQuery(() => (capturing ? Promise.resolve(null) : consultationAudioSize(id)), [id, capturing]);
  const text = useLiveQuery(() => consultationTextSize(id), [id]);
  return { audio, text };
}
