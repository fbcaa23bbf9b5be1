/**
 * Reads a consultation's stored audio in the page and finds the loud 50 ms windows that no
 * transcript segment covers: what a lost utterance leaves behind.
 */
import type { Page } from 'playwright-core';

/**
 * Every stretch of sound in the stored audio lies inside some segment: no utterance was lost.
 * Returns the loud milliseconds outside every segment, and where those 50 ms windows start (for
 * the failure message: it once failed by 150–200 ms at the recording's start, when the fake
 * microphone's loop began mid-speech; the segmenter's floor warm-up fixed that).
 */
export async function uncoveredLoud(
  page: Page,
  encounterId: string,
  segments: { startSample: number; endSample: number }[],
): Promise<{ ms: number; windowsAt: number[] }> {
  return page.evaluate(
    async ({ id, ranges }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('escriba');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const chunks = await new Promise<{ startSample: number; pcm: ArrayBuffer }[]>((resolve, reject) => {
        const request = db.transaction('audioChunks').objectStore('audioChunks').index('encounterId').getAll(id);
        request.onsuccess = () => resolve(request.result as { startSample: number; pcm: ArrayBuffer }[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      const WINDOW = 800; // 50 ms
      const LOUD_RMS = 10 ** (-35 / 20);
      // Segments that touch (a 28 s cut inside speech) cover the window across their boundary.
      const merged: { startSample: number; endSample: number }[] = [];
      for (const r of [...ranges].sort((a, b) => a.startSample - b.startSample)) {
        const last = merged.at(-1);
        if (last && r.startSample <= last.endSample) last.endSample = Math.max(last.endSample, r.endSample);
        else merged.push({ ...r });
      }
      const windowsAt: number[] = [];
      for (const chunk of chunks) {
        const pcm = new Int16Array(chunk.pcm);
        for (let w = 0; w + WINDOW <= pcm.length; w += WINDOW) {
          let sum = 0;
          for (let i = w; i < w + WINDOW; i++) sum += (pcm[i]! / 32768) ** 2;
          if (Math.sqrt(sum / WINDOW) < LOUD_RMS) continue;
          const at = chunk.startSample + w;
          if (!merged.some((r) => at >= r.startSample && at + WINDOW <= r.endSample)) windowsAt.push(at);
        }
      }
      return { ms: windowsAt.length * 50, windowsAt };
    },
    { id: encounterId, ranges: segments.map(({ startSample, endSample }) => ({ startSample, endSample })) },
  );
}

