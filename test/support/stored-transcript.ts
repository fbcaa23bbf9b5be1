/**
 * The transcript as stored, read with the raw IndexedDB API (not the app's code): table "segments"
 * (index "encounterId"; startSample/endSample/text/originalText) and the consultation's
 * `transcribedSamples` cursor. Mirrors src/storage/types.ts; change both together.
 */
import type { Page } from 'playwright-core';

export interface StoredSegment {
  id: string;
  startSample: number;
  endSample: number;
  startMs: number;
  endMs: number;
  text: string;
  originalText?: string;
  device?: string;
  modelId?: string;
  transcribedAt: number;
}

export interface StoredTranscript {
  status: string | undefined;
  storedSamples: number;
  transcribedSamples: number;
  /** In time order. */
  segments: StoredSegment[];
}

export function readStoredTranscript(page: Page, encounterId: string): Promise<StoredTranscript> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const ask = <T,>(request: IDBRequest): Promise<T> =>
      new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    try {
      const tx = db.transaction(['encounters', 'segments'], 'readonly');
      const encounter = await ask<Record<string, number | string> | undefined>(tx.objectStore('encounters').get(id));
      const segments = await ask<StoredSegment[]>(tx.objectStore('segments').index('encounterId').getAll(id));
      segments.sort((a, b) => a.startSample - b.startSample);
      return {
        status: encounter?.status as string | undefined,
        storedSamples: Number(encounter?.storedSamples ?? 0),
        transcribedSamples: Number(encounter?.transcribedSamples ?? 0),
        segments,
      };
    } finally {
      db.close();
    }
  }, encounterId);
}
