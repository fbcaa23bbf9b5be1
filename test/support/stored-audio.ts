/**
 * Reads what Escriba actually stored, straight from Chromium's IndexedDB with the raw API (not the
 * app's code), so a spec can check the bytes on disk rather than what the screen claims.
 *
 * Knows the storage contract of src/storage: database "escriba", table "encounters" (by id, with
 * `storedSamples` and `status`) and table "audioChunks" (index "encounterId", `pcm` = 16 kHz mono
 * int16 little-endian). If that contract changes, this module must change with it.
 */
import type { Page } from 'playwright-core';

export const STORED_SAMPLE_RATE_HZ = 16_000;

export interface StoredAudio {
  /** `encounters.status`, or undefined when the consultation does not exist. */
  status: string | undefined;
  /** `encounters.storedSamples`: what the app believes it has committed. */
  storedSamples: number;
  /** Samples actually present in audioChunks. */
  chunkSamples: number;
  chunkCount: number;
  bytes: number;
  /** Chunk sequence numbers are 0..n-1 with no gap or repeat. */
  contiguous: boolean;
  /** Root mean square of all samples, full scale = 1. Silence is ~0; the fixture speech ~0.06. */
  rms: number;
  /** RMS of the loudest 1 s window: speech somewhere, even if the rest is quiet. */
  loudestSecondRms: number;
}

export function storedSeconds(audio: Pick<StoredAudio, 'storedSamples'>): number {
  return audio.storedSamples / STORED_SAMPLE_RATE_HZ;
}

export async function readStoredAudio(page: Page, encounterId: string): Promise<StoredAudio> {
  return page.evaluate(
    async ({ id, windowSamples }) => {
      const known = await indexedDB.databases();
      // Opening a database that does not exist would create it and confuse the app's schema.
      if (!known.some((d) => d.name === 'escriba')) throw new Error('IndexedDB "escriba" does not exist');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('escriba');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const tx = db.transaction(['encounters', 'audioChunks'], 'readonly');
        const encounter = await new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
          const request = tx.objectStore('encounters').get(id);
          request.onsuccess = () => resolve(request.result as Record<string, unknown> | undefined);
          request.onerror = () => reject(request.error);
        });
        let chunkSamples = 0;
        let chunkCount = 0;
        let bytes = 0;
        let sumSquares = 0;
        let contiguous = true;
        let windowSquares = 0;
        let windowFill = 0;
        let loudestWindow = 0;
        await new Promise<void>((resolve, reject) => {
          const request = tx.objectStore('audioChunks').index('encounterId').openCursor(IDBKeyRange.only(id));
          // Cursor order on this index is by primary key [encounterId+seq], i.e. by seq.
          request.onsuccess = () => {
            const cursor = request.result;
            if (!cursor) return resolve();
            const chunk = cursor.value as { seq: number; pcm: ArrayBuffer };
            if (chunk.seq !== chunkCount) contiguous = false;
            const samples = new Int16Array(chunk.pcm);
            for (let i = 0; i < samples.length; i++) {
              const x = (samples[i] ?? 0) / 32768;
              sumSquares += x * x;
              windowSquares += x * x;
              if (++windowFill === windowSamples) {
                loudestWindow = Math.max(loudestWindow, windowSquares / windowSamples);
                windowSquares = 0;
                windowFill = 0;
              }
            }
            chunkSamples += samples.length;
            bytes += chunk.pcm.byteLength;
            chunkCount++;
            cursor.continue();
          };
          request.onerror = () => reject(request.error);
        });
        return {
          status: typeof encounter?.status === 'string' ? encounter.status : undefined,
          storedSamples: typeof encounter?.storedSamples === 'number' ? encounter.storedSamples : 0,
          chunkSamples,
          chunkCount,
          bytes,
          contiguous,
          rms: chunkSamples ? Math.sqrt(sumSquares / chunkSamples) : 0,
          loudestSecondRms: Math.sqrt(loudestWindow),
        };
      } finally {
        db.close();
      }
    },
    { id: encounterId, windowSamples: STORED_SAMPLE_RATE_HZ },
  );
}
