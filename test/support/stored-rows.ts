/**
 * Every row of one consultation in every object store of the `escriba` database, read with the raw
 * IndexedDB API (not the app's code): a row belongs to it when its `encounterId` is the
 * consultation's id (or, in `encounters`, its `id`). Reads every store the database has, so a store
 * added later is checked without changing this file.
 */
import type { Page } from 'playwright-core';

export interface ConsultationRows {
  /** Store name → that consultation's rows in it. */
  rows: Record<string, Record<string, unknown>[]>;
}

export function readConsultationRows(page: Page, encounterId: string): Promise<ConsultationRows> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const names = Array.from({ length: db.objectStoreNames.length }, (_, i) => db.objectStoreNames.item(i)!);
      const tx = db.transaction(names, 'readonly');
      const rows: Record<string, Record<string, unknown>[]> = {};
      for (const name of names) {
        const all = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
          const request = tx.objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
          request.onerror = () => reject(request.error);
        });
        rows[name] = all.filter((row) => row.encounterId === id || (name === 'encounters' && row.id === id));
      }
      return { rows };
    } finally {
      db.close();
    }
  }, encounterId);
}

/** Store name → how many rows of the consultation it holds. */
export function rowCounts({ rows }: ConsultationRows): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.length]));
}
