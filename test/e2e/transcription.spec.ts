/**
 * Live transcription in the built app, on both speech devices: the fake microphone plays Spanish
 * espeak-ng speech; the Whisper fixture (installed through Modelos from the fixtures server)
 * transcribes it while the recording goes on; after "Detener" every utterance is stored once, in
 * order, inside the audio; after an offline reload the transcript is intact and the model still
 * transcribes, from Escriba's store, with no network.
 *
 * The fixture says one scripted sentence for any sound (Spanish only when Spanish is forced), so
 * this proves the plumbing — worker, devices, queue, storage, UI — never transcription quality.
 * WebGPU here is SwiftShader, ~10× slower than WASM: its timeouts are generous, and the test says
 * nothing about speed (that is `npm run bench:stt`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT, launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { waitForServiceWorkerControl } from '../support/service-worker';
import { STORED_SAMPLE_RATE_HZ } from '../support/stored-audio';
import { readStoredTranscript } from '../support/stored-transcript';
import { holdQueueAfterFirstSegment } from '../support/transcript-gate';
import { SENTENCE, installSpeechFixture as installFixture, transcriptRegion } from '../support/speech-fixture';
import { uncoveredLoud } from '../support/uncovered-loud';
import { ConsultationPage } from './pages/ConsultationPage';
import { ConsultationsPage } from './pages/ConsultationsPage';

const IMPORTED_MP3 = join(REPO_ROOT, 'test/fixtures/audio/import/consulta.mp3');
const IMPORTED_M4A = join(REPO_ROOT, 'test/fixtures/audio/import/consulta.m4a');

const DEVICES = [
  { device: 'wasm', option: 'Procesador (sin tarjeta gráfica)', firstSegmentMs: 60_000, drainMs: 60_000 },
  { device: 'webgpu', option: 'Tarjeta gráfica (WebGPU)', firstSegmentMs: 180_000, drainMs: 240_000 },
] as const;

describe.each(DEVICES)('live transcription on $device', ({ device, option, firstSegmentMs, drainMs }) => {
  it('shows segments while recording, stores each utterance once after "Detener", and keeps them offline', { timeout: firstSegmentMs + drainMs + 120_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    const { page } = session;
    await installFixture(page, server.url, option);

    const consultations = await new ConsultationsPage(page, server.url).goto();
    const consultation: ConsultationPage = await consultations.createConsultation();
    await consultation.fillDetails('Paciente de prueba', 'Cefalea');
    await consultation.startRecording();

    // A segment appears while the recorder is still recording.
    const region = transcriptRegion(page);
    await expect.poll(() => region.getByText(SENTENCE).count(), { timeout: firstSegmentMs, interval: 500 }).toBeGreaterThan(0);
    expect(await consultation.stopButton.isEnabled()).toBe(true);
    const duringRecording = await readStoredTranscript(page, consultation.id);
    expect(duringRecording.status).toBe('recording');
    expect(duringRecording.segments.length).toBeGreaterThan(0);
    expect(duringRecording.segments.every((s) => s.device === device)).toBe(true);

    await consultation.stopRecording();
    // After "Detener" the queue drains: the cursor reaches the end of the stored audio.
    await expect
      .poll(async () => {
        const t = await readStoredTranscript(page, consultation.id);
        return t.status === 'recorded' && t.transcribedSamples === t.storedSamples;
      }, { timeout: drainMs, interval: 500 })
      .toBe(true);

    const stored = await readStoredTranscript(page, consultation.id);
    expect(stored.segments.length).toBeGreaterThanOrEqual(duringRecording.segments.length);
    // Every utterance once, in order, inside the recording, in Spanish (forced: never the English variant).
    for (const [i, segment] of stored.segments.entries()) {
      expect(segment.text).toBe(SENTENCE);
      expect(segment.endSample).toBeGreaterThan(segment.startSample);
      expect(segment.endSample).toBeLessThanOrEqual(stored.storedSamples);
      if (i > 0) expect(segment.startSample).toBeGreaterThanOrEqual(stored.segments[i - 1]!.endSample);
    }
    expect(new Set(stored.segments.map((s) => s.startSample)).size).toBe(stored.segments.length);
    await expect.poll(() => region.getByText(SENTENCE).count()).toBe(stored.segments.length);

    // "Transcribir de nuevo" runs the segment's audio through the model again and stores the result.
    await consultation.retranscribeButton(0).click();
    await expect
      .poll(async () => (await readStoredTranscript(page, consultation.id)).segments[0]!.transcribedAt, { timeout: drainMs })
      .toBeGreaterThan(stored.segments[0]!.transcribedAt);
    const again = (await readStoredTranscript(page, consultation.id)).segments[0]!;
    expect(again).toMatchObject({ id: stored.segments[0]!.id, text: SENTENCE, device });
    expect(await consultation.alert.count()).toBe(0);

    // Offline reload: served by the service worker, read from IndexedDB, nothing re-transcribed.
    // First the service worker must have finished precaching (slow on a loaded machine).
    await waitForServiceWorkerControl(page);
    await server.stop();
    await page.context().setOffline(true);
    await page.reload();
    await expect.poll(() => transcriptRegion(page).getByText(SENTENCE).count(), { timeout: 30_000 }).toBe(stored.segments.length);
    const afterReload = await readStoredTranscript(page, consultation.id);
    expect(afterReload.segments.map((s) => s.id)).toEqual(stored.segments.map((s) => s.id));

    // Still offline, the model loads from Escriba's store and transcribes again; its files were
    // never copied into a browser cache (each is stored once, in the store).
    await consultation.retranscribeButton(0).click();
    await expect
      .poll(async () => (await readStoredTranscript(page, consultation.id)).segments[0]!.transcribedAt, { timeout: drainMs })
      .toBeGreaterThan(again.transcribedAt);
    expect((await readStoredTranscript(page, consultation.id)).segments[0]).toMatchObject({ text: SENTENCE, device });
    expect(await consultation.alert.count()).toBe(0);
    const cachedModelFiles = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) if (request.url.includes('whisper-fixture')) urls.push(request.url);
      }
      return urls;
    });
    expect(cachedModelFiles).toEqual([]);
  });
});

describe.each(DEVICES)('imported audio on $device', ({ device, option, drainMs }) => {
  it('refuses a corrupt file in Spanish, keeping nothing; a good one is transcribed like a recording', { timeout: drainMs + 120_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    const { page } = session;
    await installFixture(page, server.url, option);

    // With the speech model ready, a file that does not decode (an M4A cut before its index) is
    // refused before any consultation exists, so nothing reaches the transcription queue.
    const consultations = await new ConsultationsPage(page, server.url).goto();
    const m4a = readFileSync(IMPORTED_M4A);
    await consultations.chooseFileToImport({ name: 'cortado.m4a', mimeType: 'audio/mp4', buffer: m4a.subarray(0, m4a.length * 0.6) });
    expect(await consultations.alertMessage()).toMatch(/^No se pudo leer «cortado\.m4a»\. El archivo puede estar dañado/);
    expect(await consultations.listedCount()).toBe(0);
    await consultations.dismissAlert();

    const consultation = await consultations.importAudio(IMPORTED_MP3);
    await expect
      .poll(async () => {
        const t = await readStoredTranscript(page, consultation.id);
        return t.status === 'recorded' && t.storedSamples > 0 && t.transcribedSamples === t.storedSamples;
      }, { timeout: drainMs, interval: 500 })
      .toBe(true);
    const stored = await readStoredTranscript(page, consultation.id);
    expect(stored.segments.length).toBeGreaterThan(0);
    expect(stored.segments.every((s) => s.text === SENTENCE && s.device === device)).toBe(true);
    await expect.poll(() => transcriptRegion(page).getByText(SENTENCE).count()).toBe(stored.segments.length);
    const back = await consultation.backToList();
    expect(await back.listedCount()).toBe(1);
  });
});

describe('transcription after a reload', () => {
  it('resumes from storage with no segment lost or stored twice', { timeout: 600_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    const { page } = session;

    // Record first, with no speech model: 40 s of audio (several utterances) wait, untranscribed.
    const consultations = await new ConsultationsPage(page, server.url).goto();
    const consultation = await consultations.createConsultation();
    await consultation.startRecording();
    await expect
      .poll(async () => (await readStoredTranscript(page, consultation.id)).storedSamples, { timeout: 120_000, interval: 500 })
      .toBeGreaterThanOrEqual(40 * STORED_SAMPLE_RATE_HZ);
    await consultation.stopRecording();
    expect((await readStoredTranscript(page, consultation.id)).transcribedSamples).toBe(0);

    // The queue is held after its first segment whatever the machine's speed, then the page reloads.
    await installFixture(page, server.url, 'Procesador (sin tarjeta gráfica)');
    await consultation.goto();
    const beforeReload = await holdQueueAfterFirstSegment(page, consultation.id);
    expect(beforeReload.segments.length).toBe(1);
    expect(beforeReload.transcribedSamples).toBeLessThan(beforeReload.storedSamples);
    await page.reload();

    await expect
      .poll(async () => {
        const t = await readStoredTranscript(page, consultation.id);
        return t.transcribedSamples === t.storedSamples;
      }, { timeout: 300_000, interval: 500 })
      .toBe(true);
    const after = await readStoredTranscript(page, consultation.id);
    // What was stored before the reload is kept as it was…
    expect(after.segments.slice(0, beforeReload.segments.length).map((s) => s.id)).toEqual(beforeReload.segments.map((s) => s.id));
    // …nothing is stored twice (segments never overlap)…
    for (let i = 1; i < after.segments.length; i++) {
      expect(after.segments[i]!.startSample).toBeGreaterThanOrEqual(after.segments[i - 1]!.endSample);
    }
    expect(after.segments.length).toBeGreaterThan(beforeReload.segments.length);
    // …and no stretch of sound was left out.
    const gap = await uncoveredLoud(page, consultation.id, after.segments);
    const where =
      `loud windows outside every segment start at samples ${gap.windowsAt.join(', ')}; ` +
      `cursor at the reload ${beforeReload.transcribedSamples}; ` +
      `segments ${after.segments.map((s) => `${s.startSample}–${s.endSample}${s.text === null ? ' (sin texto)' : ''}`).join(', ')}`;
    expect(gap.ms, where).toBe(0);
  });
});
