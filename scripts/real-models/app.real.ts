/**
 * The whole visit on REAL models, in the built app in Chromium, as a doctor would go through it:
 * the converted Whisper base and SmolLM2-135M-Instruct (prepare.mjs, from PyPI packages) are
 * installed through «Modelos» from a clinic folder, with every file's size and SHA-256 checked; the
 * server then goes away and the browser goes offline; a known Spanish consultation (espeak-ng,
 * test/fixtures/audio/consulta-es.wav) is recorded through the fake microphone, transcribed live,
 * and turned into a note.
 *
 * What it asserts is what a real model can be held to: the transcript holds the consultation's
 * key words (Whisper base on synthetic speech misses some; most must be there), and the note is a
 * valid note whose evidence cites real stored segments. Note quality is measured by `npm run eval`,
 * not here. Part of `npm run test:real`, never of `npm test` (the weights are not in the repo).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ConsultationsPage } from '../../test/e2e/pages/ConsultationsPage';
import { ModelsPage } from '../../test/e2e/pages/ModelsPage';
import { launchBrowser } from '../../test/support/browser';
import { serveApp } from '../../test/support/server';
import { waitForServiceWorkerControl } from '../../test/support/service-worker';
import { STORED_SAMPLE_RATE_HZ } from '../../test/support/stored-audio';
import { readStoredTranscript } from '../../test/support/stored-transcript';
import { prepareRealModels } from './prepare.mjs';

const CONSULTATION_WAV = new URL('../../test/fixtures/audio/consulta-es.wav', import.meta.url).pathname;
/** What consulta-es.wav says (make-audio.sh): words a usable transcript must mostly hold. */
const KEY_WORDS = ['días', 'consulta', 'tos', 'fiebre', 'medicamento', 'alérgico', 'penicilina'];
const MIN_KEY_WORDS = 5;
/**
 * Two passes of the looping file (about 12 s of speech each): the fake microphone starts at a
 * random point of it, so only two passes hold every sentence whole.
 */
const RECORD_SECONDS = 26;

interface CatalogueModel {
  id: string;
  name: string;
  task: 'speech' | 'llm';
}

async function install(page: Page, baseUrl: string, name: string): Promise<void> {
  const models = await new ModelsPage(page).goto(baseUrl);
  await models.downloadButton(name).click();
  // Hundreds of MB through the download worker, hashed as they arrive, on two shared cores.
  await expect.poll(() => models.row(name).innerText(), { timeout: 900_000, interval: 1_000 }).toContain('Listo');
  const use = page.getByRole('button', { name: `Usar ${name}`, exact: true });
  if (await use.count()) await use.click();
}

/** Evidence ids anywhere in a stored note's content. */
function evidenceIds(content: unknown): string[] {
  if (Array.isArray(content)) return content.flatMap(evidenceIds);
  if (content === null || typeof content !== 'object') return [];
  return Object.entries(content).flatMap(([key, value]) =>
    key === 'evidence' && Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : evidenceIds(value),
  );
}

function readStoredNotes(page: Page, encounterId: string): Promise<{ version: number; content: unknown }[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const request = db.transaction('notes').objectStore('notes').index('encounterId').getAll(id);
      return await new Promise<{ version: number; content: unknown }[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result as { version: number; content: unknown }[]);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, encounterId);
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

describe('real models in the app', () => {
  it('installs the converted Whisper base and SmolLM2 through «Modelos», then records, transcribes and writes a note offline', { timeout: 3_600_000 }, async () => {
    const prepared = prepareRealModels();
    const catalogue = JSON.parse(readFileSync(`${prepared.clinic}/catalog.json`, 'utf8')) as { models: CatalogueModel[] };
    const speech = catalogue.models.find((m) => m.task === 'speech');
    const llm = catalogue.models.find((m) => m.task === 'llm');
    if (!speech || !llm) throw new Error(`The clinic catalogue lacks a speech or note model: ${catalogue.models.map((m) => m.id).join(', ')}`);

    const server = await serveApp({ modelsDir: prepared.clinic });
    const session = await launchBrowser({ origin: server.url, audioFile: CONSULTATION_WAV });
    const { page } = session;
    await install(page, server.url, speech.name);
    await install(page, server.url, llm.name);

    // From here on nothing but this computer: no server, no network.
    await waitForServiceWorkerControl(page);
    await server.stop();
    await session.context.setOffline(true);

    const consultation = await (await new ConsultationsPage(page, server.url).goto()).createConsultation();
    await consultation.fillDetails('Paciente de prueba', 'Tos y fiebre');
    const recordingStarted = Date.now();
    await consultation.startRecording();
    await expect
      .poll(async () => (await readStoredTranscript(page, consultation.id)).storedSamples, { timeout: 120_000, interval: 250 })
      .toBeGreaterThanOrEqual(RECORD_SECONDS * STORED_SAMPLE_RATE_HZ);
    await consultation.stopRecording();
    const stopped = Date.now();
    await expect
      .poll(async () => {
        const t = await readStoredTranscript(page, consultation.id);
        return t.segments.length > 0 && t.transcribedSamples === t.storedSamples;
      }, { timeout: 600_000, interval: 1_000 })
      .toBe(true);
    const transcribed = Date.now();
    const transcript = await readStoredTranscript(page, consultation.id);
    const text = transcript.segments.map((s) => s.text).join(' ');
    for (const s of transcript.segments) console.log(`[real] segment ${(s.startSample / STORED_SAMPLE_RATE_HZ).toFixed(1)}–${(s.endSample / STORED_SAMPLE_RATE_HZ).toFixed(1)} s: «${s.text}»`);
    const heard = KEY_WORDS.filter((word) => fold(text).includes(fold(word)));
    console.log(`[real] ${speech.id}: «${text}»\n[real] key words heard: ${heard.length}/${KEY_WORDS.length} (${heard.join(', ')}); ` +
      `recording ${Math.round((stopped - recordingStarted) / 1000)} s, transcript complete ${((transcribed - stopped) / 1000).toFixed(1)} s after «Detener»`);
    expect(heard.length).toBeGreaterThanOrEqual(MIN_KEY_WORDS);

    await expect.poll(() => consultation.generateNoteButton.isEnabled(), { timeout: 120_000 }).toBe(true);
    const asked = Date.now();
    await consultation.generateNoteButton.click();
    await consultation.note.getByText('Versión 1 · borrador del modelo', { exact: true }).first().waitFor({ timeout: 1_800_000 });
    console.log(`[real] ${llm.id}: note written ${((Date.now() - asked) / 1000).toFixed(1)} s after «Generar nota»`);

    const notes = await readStoredNotes(page, consultation.id);
    expect(notes).toHaveLength(1);
    const cited = evidenceIds(notes[0]?.content);
    console.log(`[real] note: ${JSON.stringify(notes[0]?.content)}`);
    const segmentIds = new Set(transcript.segments.map((s) => s.id));
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(segmentIds, `evidence ${id} is not a stored segment`).toContain(id);
    await page.screenshot({ path: 'test-results/real-models-note.png', fullPage: true });
    expect(session.blockedRequests).toEqual([]);
  });
});
