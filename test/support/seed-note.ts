/**
 * Writes a transcript and a model draft of the note for a consultation, as the app stores them
 * (src/storage/types.ts), with the raw IndexedDB API: specs of the note's own UI start from a
 * known draft without a text model. Reload the page afterwards so the app reads them.
 */
import type { Page } from 'playwright-core';
import { STORED_SAMPLE_RATE_HZ } from './stored-audio';

const SAMPLES_PER_MS = STORED_SAMPLE_RATE_HZ / 1000;

export interface SeededSegment {
  id: string;
  startMs: number;
  endMs: number;
  text: string;
}

export interface SeededTemplate {
  id: string;
  name: string;
  sections: { id: string; title: string; guidance: string }[];
}

export async function seedNoteDraft(
  page: Page,
  encounterId: string,
  draft: { segments: readonly SeededSegment[]; content: unknown; template: SeededTemplate },
): Promise<void> {
  const segments = draft.segments.map((s) => ({
    ...s,
    encounterId,
    startSample: s.startMs * SAMPLES_PER_MS,
    endSample: s.endMs * SAMPLES_PER_MS,
    transcribedAt: Date.now(),
  }));
  const version = {
    id: crypto.randomUUID(),
    encounterId,
    version: 1,
    author: 'model',
    content: draft.content,
    modelId: 'seeded-by-spec',
    createdAt: Date.now(),
    template: draft.template,
    grounding: [],
  };
  await page.evaluate(
    async ({ segments, version }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('escriba');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const tx = db.transaction(['segments', 'notes'], 'readwrite');
        for (const row of segments) tx.objectStore('segments').put(row);
        tx.objectStore('notes').put(version);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
    { segments, version },
  );
}

/** The consultation's audit log (action and detail), oldest first. */
export async function readAuditLog(page: Page, encounterId: string): Promise<{ action: string; detail: string | undefined }[]> {
  return page.evaluate(async (encounterId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const rows = await new Promise<{ id: number; action: string; detail?: string }[]>((resolve, reject) => {
        const request = db.transaction('auditLog').objectStore('auditLog').index('encounterId').getAll(encounterId);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return rows.sort((a, b) => a.id - b.id).map((row) => ({ action: row.action, detail: row.detail }));
    } finally {
      db.close();
    }
  }, encounterId);
}

/** The consultation's patient label as stored (the details form saves a moment after typing). */
export async function storedPatientLabel(page: Page, encounterId: string): Promise<string | undefined> {
  return page.evaluate(async (encounterId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<string | undefined>((resolve, reject) => {
        const request = db.transaction('encounters').objectStore('encounters').get(encounterId);
        request.onsuccess = () => resolve((request.result as { patientLabel?: string } | undefined)?.patientLabel);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, encounterId);
}
