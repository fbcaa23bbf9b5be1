/**
 * The whole visit in the built app: record (fake microphone) → live transcript (Whisper fixture) →
 * "Generar nota" with the fixture LLM through the real note worker, transformers.js and the
 * grammar constraint → evidence links into the transcript → an edit as a new version → "Firmar"
 * → "Copiar nota" → offline reload with everything intact.
 *
 * The scripted LLM fixture writes one fixed note for the "Consulta clínica general" template that
 * cites six segments (s1…s6, test/fixtures/models/llm-fixture/scripted_note.json), while the
 * Whisper fixture says one sentence per utterance. So after the recorded segment the spec stores
 * the fixture conversation's other five lines as segments, giving the note real text to cite and
 * the grounding check real text to judge. Fixtures prove the plumbing, never note quality.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { WHISPER_FIXTURE_TEXT } from '../fixtures/whisper-fixture';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { waitForServiceWorkerControl } from '../support/service-worker';
import { STORED_SAMPLE_RATE_HZ } from '../support/stored-audio';
import { readStoredTranscript } from '../support/stored-transcript';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ModelsPage } from './pages/ModelsPage';

const SCRIPT = JSON.parse(readFileSync(new URL('../fixtures/models/llm-fixture/scripted_note.json', import.meta.url), 'utf8')) as {
  transcript: { ref: string; text: string }[];
};
const WHISPER = 'Whisper de prueba';
const LLM = 'LLM de prueba (nota fija)';

async function install(page: Page, baseUrl: string, name: string): Promise<void> {
  const models = await new ModelsPage(page).goto(baseUrl);
  await models.downloadButton(name).click();
  await expect.poll(() => models.row(name).innerText(), { timeout: 60_000 }).toContain('Listo');
  const use = page.getByRole('button', { name: `Usar ${name}`, exact: true });
  if (await use.count()) await use.click();
}

/** The conversation's lines after the first, as segments after the recorded audio. */
async function storeConversation(page: Page, encounterId: string, afterSample: number): Promise<void> {
  const rows = SCRIPT.transcript.slice(1).map((line, i) => {
    const startSample = afterSample + i * 48_000;
    return {
      id: `conversacion-${i + 2}`,
      encounterId,
      startSample,
      endSample: startSample + 40_000,
      startMs: startSample / 16,
      endMs: (startSample + 40_000) / 16,
      text: line.text,
      transcribedAt: Date.now(),
    };
  });
  await page.evaluate(async (segments) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('segments', 'readwrite');
    for (const segment of segments) tx.objectStore('segments').put(segment);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, rows);
}

describe('the note', () => {
  it('record → transcript → note with evidence → edit → sign → copy → offline reload', { timeout: 600_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const { page } = session;
    await install(page, server.url, WHISPER);
    await install(page, server.url, LLM);

    const consultation = await (await new ConsultationsPage(page, server.url).goto()).createConsultation();
    await consultation.fillDetails('Paciente de prueba', 'Fiebre');
    await consultation.startRecording();
    // 8 s of the looping exchange: its pauses are shorter than a cut, so one utterance.
    await expect
      .poll(async () => (await readStoredTranscript(page, consultation.id)).storedSamples, { timeout: 60_000, interval: 250 })
      .toBeGreaterThanOrEqual(8 * STORED_SAMPLE_RATE_HZ);
    await consultation.stopRecording();
    await expect
      .poll(async () => {
        const t = await readStoredTranscript(page, consultation.id);
        return t.segments.length > 0 && t.transcribedSamples === t.storedSamples;
      }, { timeout: 120_000, interval: 500 })
      .toBe(true);
    const recorded = await readStoredTranscript(page, consultation.id);
    expect(recorded.segments.map((s) => s.text)).toEqual([WHISPER_FIXTURE_TEXT.speech.trim()]);
    await storeConversation(page, consultation.id, recorded.storedSamples);
    // Written behind Dexie's back, so its live queries did not see them: reload to read them.
    await page.reload();
    await consultation.waitUntilShown();
    await expect.poll(() => consultation.segmentRows.count(), { timeout: 30_000 }).toBe(SCRIPT.transcript.length);

    await expect.poll(() => consultation.generateNoteButton.isEnabled(), { timeout: 120_000 }).toBe(true);
    await consultation.generateNoteButton.click();
    await consultation.note.getByText('Versión 1 · borrador del modelo', { exact: true }).first().waitFor({ timeout: 300_000 });
    expect(await consultation.noteListItems('Medicación')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Paracetamol 500 mg/), expect.stringMatching(/^Enalapril 10 mg/)]),
    );

    // An item leads to the words it came from.
    await consultation.noteItem(/^Paracetamol 500 mg/).first().click();
    await expect.poll(() => consultation.highlightedSegments.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('paracetamol de quinientos')]),
    );

    // The doctor's edit is a new version; signing locks the note.
    await consultation.editNote(async (form) => {
      await form.getByRole('textbox', { name: 'Diagnóstico presuntivo', exact: true }).fill('Síndrome febril, probablemente viral.');
    });
    // The form closes once the version is stored; the list follows from a live query a moment later.
    await expect.poll(() => consultation.noteVersions.allInnerTexts(), { timeout: 10_000 }).toEqual([
      expect.stringMatching(/^Versión 2 · editada por el médico/),
      expect.stringMatching(/^Versión 1 · borrador del modelo/),
    ]);
    await consultation.signNote();
    expect(await consultation.editNoteButton.count()).toBe(0);

    await consultation.copyNoteButton.click();
    await consultation.note.getByText('Nota copiada al portapapeles', { exact: false }).waitFor({ timeout: 5_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Síndrome febril, probablemente viral.');
    expect(copied).toMatch(/Paracetamol 500 mg/);
    expect(copied).not.toMatch(/conversacion-|"evidence"|\[s\d\]/);

    // Offline: the signed note, its versions and the transcript come back from this computer alone.
    // First the service worker must have finished precaching (slow on a loaded machine).
    await waitForServiceWorkerControl(page);
    await server.stop();
    await page.context().setOffline(true);
    await page.reload();
    await consultation.waitUntilShown();
    await consultation.noteSignedBadge.first().waitFor({ timeout: 30_000 });
    expect(await consultation.noteSectionText('Diagnóstico presuntivo')).toBe('Síndrome febril, probablemente viral.');
    expect(await consultation.noteVersions.count()).toBe(2);
    // The transcript has its own live query, which may answer after the note's.
    await expect.poll(() => consultation.segmentRows.count(), { timeout: 15_000 }).toBe(SCRIPT.transcript.length);
  });
});
