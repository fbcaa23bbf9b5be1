/**
 * The built app as the eval drives it: models installed through «Modelos» as a doctor would, a
 * consultation's transcript stored through the app's own storage (the record the transcription
 * service writes), «Generar nota» pressed in the «Nota» region, and the stored note with its
 * grounding findings read back from IndexedDB. Page models by accessible names (test/e2e/pages);
 * no test-runner dependency, so scripts can use it.
 */
import type { Page } from 'playwright-core';
import type { Turn } from '../../src/eval/caseFile';
import { ConsultationPage } from '../e2e/pages/ConsultationPage';
import { ModelsPage } from '../e2e/pages/ModelsPage';
import { pollUntil } from '../support/poll';
import { withRoles } from '../../src/speech/roles/segmentRoles';

const SAMPLES_PER_MS = 16;
/** A spoken word and the pause after a turn, for segment times in text mode (nothing depends on them but display). */
const MS_PER_WORD = 350;
const MS_BETWEEN_TURNS = 300;

/** Installs `name` from the served catalogue (if not yet installed) and makes it the one in use. */
export async function installModel(page: Page, baseUrl: string, name: string, timeoutMs: number): Promise<void> {
  const models = await new ModelsPage(page).goto(baseUrl);
  const row = models.row(name);
  await row.first().waitFor({ timeout: 30_000 });
  const state = await pollUntil(() => row.first().innerText(), (text) => !/Revisando…/.test(text), { what: `the state of ${name}` });
  if (!/Listo/.test(state)) {
    const download = models.downloadButton(name);
    if ((await download.count()) === 0) throw new Error(`«${name}» no se puede descargar aquí: ${state.replace(/\s+/g, ' ').trim()}`);
    await download.click();
    const done = await pollUntil(
      async () => ({ text: await row.first().innerText(), error: (await models.error(name).count()) > 0 }),
      (s) => /Listo/.test(s.text) || s.error,
      { timeoutMs, intervalMs: 500, what: `${name} to be installed` },
    );
    if (!/Listo/.test(done.text)) throw new Error(`No se pudo instalar «${name}»: ${done.text.replace(/\s+/g, ' ').trim()}`);
  }
  const use = models.useButton(name);
  if ((await use.count()) > 0) await use.click();
  await pollUntil(() => row.first().innerText(), (text) => /En uso/.test(text), { what: `${name} in use` });
}

/** The name of the model «Modelos» recommends in the list titled `title`, or null. */
export async function recommendedModelName(page: Page, baseUrl: string, title: 'Transcripción' | 'Redacción de notas', names: readonly string[]): Promise<string | null> {
  await new ModelsPage(page).goto(baseUrl);
  const list = page.getByRole('list', { name: title, exact: true });
  await list.waitFor({ timeout: 30_000 });
  const rows = await list.getByRole('listitem').filter({ hasText: 'Recomendado' }).allInnerTexts();
  const text = rows[0] ?? '';
  // Longest first: "LLM de prueba" must not win over "LLM de prueba (nota fija)".
  return [...names].sort((a, b) => b.length - a.length).find((name) => text.includes(name)) ?? null;
}

/**
 * Stores the turns as transcript segments of consultation `encounterId`, labels left out (a
 * speech recogniser does not write them), in the shape TranscriptRepository.commit writes —
 * including the speaker role it guesses when it stores a segment, computed by the app's own
 * `withRoles` (the same guess, made the same way, as `roleAfter` at each commit); then reloads,
 * since the app's live queries do not see writes made behind Dexie.
 */
export async function storeTranscript(consultation: ConsultationPage, turns: readonly Turn[], timeoutMs: number): Promise<void> {
  let atMs = 0;
  const plain = turns.map((turn, i) => {
    const words = turn.text.split(/\s+/).length;
    const startMs = atMs;
    const endMs = startMs + words * MS_PER_WORD;
    atMs = endMs + MS_BETWEEN_TURNS;
    return {
      id: `eval-${String(i + 1).padStart(4, '0')}`,
      encounterId: consultation.id,
      startSample: startMs * SAMPLES_PER_MS,
      endSample: endMs * SAMPLES_PER_MS,
      startMs,
      endMs,
      text: turn.text,
      transcribedAt: Date.now(),
    };
  });
  const rows = withRoles(plain);
  await consultation.page.evaluate(async (segments) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const tx = db.transaction('segments', 'readwrite');
      for (const segment of segments) tx.objectStore('segments').put(segment);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }, rows);
  await consultation.page.reload();
  await consultation.waitUntilShown();
  await pollUntil(() => consultation.segmentRows.count(), (n) => n === turns.length, {
    timeoutMs,
    what: `${turns.length} transcript rows on screen`,
  });
}

export type NoteOutcome =
  | { kind: 'stored'; clickedAt: number; doneAt: number }
  | { kind: 'failed'; clickedAt: number; doneAt: number; message: string }
  | { kind: 'timeout'; clickedAt: number; doneAt: number; message: string };

/** Chooses the template, presses «Generar nota» and waits until the note is stored or the app says why not. */
export async function generateNote(consultation: ConsultationPage, templateId: string, timeoutMs: number): Promise<NoteOutcome> {
  const { note } = consultation;
  await consultation.templateSelect.selectOption(templateId);
  await pollUntil(() => consultation.generateNoteButton.isEnabled({ timeout: 1_000 }), Boolean, {
    timeoutMs: 60_000,
    what: '«Generar nota» enabled',
  });
  const clickedAt = Date.now();
  await consultation.generateNoteButton.click();
  const cancel = note.getByRole('button', { name: 'Cancelar', exact: true });
  const alerts = note.getByRole('alert');
  try {
    const seen = await pollUntil(
      async () => ({
        status: (await consultation.noteStatus.innerText({ timeout: 1_000 })).trim(),
        running: (await cancel.count()) > 0,
        alerts: (await alerts.allInnerTexts()).map((t) => t.replace(/\s*Cerrar aviso\s*$/, '').trim()),
      }),
      (s) => !s.running && (/^Versión \d+ guardada/.test(s.status) || s.alerts.length > 0),
      { timeoutMs, intervalMs: 250, what: 'the note to be stored or refused' },
    );
    const doneAt = Date.now();
    if (/^Versión \d+ guardada/.test(seen.status)) return { kind: 'stored', clickedAt, doneAt };
    return { kind: 'failed', clickedAt, doneAt, message: seen.alerts.join(' ') };
  } catch (error) {
    const doneAt = Date.now();
    if ((await cancel.count()) > 0) await cancel.click();
    return { kind: 'timeout', clickedAt, doneAt, message: `Sin nota después de ${Math.round(timeoutMs / 1000)} s (${String(error)}).` };
  }
}

export interface StoredNote {
  version: number;
  content: unknown;
  modelId?: string;
  grounding: { path: string; level: 'ok' | 'revisar' }[];
}

export interface StoredSegmentRow {
  id: string;
  text: string;
  role?: string;
  startMs: number;
}

/** The consultation's latest model-written note version and its stored transcript, read with the raw IndexedDB API. */
export function readStored(page: Page, encounterId: string): Promise<{ note: StoredNote | null; segments: StoredSegmentRow[] }> {
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
      const tx = db.transaction(['notes', 'segments'], 'readonly');
      const notes = await ask<{ version: number; author: string; content: unknown; modelId?: string; grounding?: StoredNote['grounding'] }[]>(
        tx.objectStore('notes').index('encounterId').getAll(id),
      );
      const segments = await ask<StoredSegmentRow[]>(tx.objectStore('segments').index('encounterId').getAll(id));
      const latest = notes.filter((n) => n.author === 'model').sort((a, b) => a.version - b.version).at(-1);
      return {
        note: latest
          ? { version: latest.version, content: latest.content, ...(latest.modelId ? { modelId: latest.modelId } : {}), grounding: latest.grounding ?? [] }
          : null,
        segments: segments
          .sort((a, b) => a.startMs - b.startMs)
          .map((s) => ({ id: s.id, text: s.text, startMs: s.startMs, ...(typeof s.role === 'string' ? { role: s.role } : {}) })),
      };
    } finally {
      db.close();
    }
  }, encounterId);
}
