/**
 * Holds the transcription queue right after its first stored segment, on any machine: a read-write
 * IndexedDB transaction over the tables a commit writes (encounters, segments) is kept open, so the
 * app's next commit waits behind it until the page goes away (a reload aborts it).
 *
 * Why this is exact rather than a race: IndexedDB runs transactions whose scopes overlap in the
 * order they were created, and the queue commits one utterance at a time. The gate checks in a
 * transaction that creates the next check before it ends, so no commit can slip in unobserved and
 * at most one commit lands between two checks: the first check that sees a segment sees the
 * transcript after exactly that commit, and holds it there. The raw IndexedDB API is used, not the
 * app's code; table and field names mirror src/storage/types.ts (see ./stored-transcript).
 */
import type { Page } from 'playwright-core';
import type { StoredSegment, StoredTranscript } from './stored-transcript';

export function holdQueueAfterFirstSegment(page: Page, encounterId: string): Promise<StoredTranscript> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return new Promise<StoredTranscript>((resolve, reject) => {
      const check = () => {
        const tx = db.transaction(['encounters', 'segments'], 'readwrite');
        tx.onerror = () => reject(tx.error);
        const encounters = tx.objectStore('encounters');
        const encounterRequest = encounters.get(id);
        const segmentsRequest = tx.objectStore('segments').index('encounterId').getAll(id);
        segmentsRequest.onsuccess = () => {
          const segments = (segmentsRequest.result as StoredSegment[]).sort((a, b) => a.startSample - b.startSample);
          if (segments.length === 0) return check(); // created now, while this one still runs
          const encounter = encounterRequest.result as Record<string, number | string> | undefined;
          resolve({
            status: encounter?.status as string | undefined,
            storedSamples: Number(encounter?.storedSamples ?? 0),
            transcribedSamples: Number(encounter?.transcribedSamples ?? 0),
            segments,
          });
          // A transaction ends when it has no request left: keep one in flight, forever.
          const keepAlive = () => (encounters.get(id).onsuccess = keepAlive);
          keepAlive();
        };
      };
      check();
    });
  }, encounterId);
}
