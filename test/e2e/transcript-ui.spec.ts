/**
 * The transcript region on its own, without a speech model: segments are written straight into
 * IndexedDB, as the transcription queue would store them, for a consultation recorded with the fake
 * microphone. Checks what the doctor does with a transcript: read it in order with who said each
 * segment, play the audio from a segment, correct a segment (the model's text kept), say who spoke
 * (with the mouse and with the keyboard), and that corrections survive a reload. The seeded rows
 * have no role, as segments stored before roles existed: the screen shows Escriba's guess.
 * Live transcription itself is another spec's job.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { readStoredAudio, STORED_SAMPLE_RATE_HZ } from '../support/stored-audio';
import { ConsultationPage, type AudioState } from './pages/ConsultationPage';
import { ConsultationsPage } from './pages/ConsultationsPage';

const RECORDED_S = 8;
const SAMPLES_PER_MS = STORED_SAMPLE_RATE_HZ / 1000;

interface SeededSegment {
  startMs: number;
  endMs: number;
  text: string;
}

// Stored out of time order: the screen must sort them, not trust insertion order.
const SEGMENTS: SeededSegment[] = [
  { startMs: 3_500, endMs: 6_000, text: 'Me duele la cabeza desde hace dos días.' },
  { startMs: 0, endMs: 3_000, text: 'Buenos días, ¿qué lo trae por acá?' },
  { startMs: 6_200, endMs: 7_800, text: 'Tomo enalapril diez miligramos.' },
];

describe('transcript UI', () => {
  it('lists segments in time order with who said each, plays the audio from a segment, and keeps a correction and the doctor’s choice of speaker across a reload', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const recorder = await new ConsultationsPage(session.page, server.url).goto().then((list) => list.createConsultation());
    await recorder.startRecording();
    await expect
      .poll(async () => (await readStoredAudio(session.page, recorder.id)).storedSamples, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(RECORDED_S * STORED_SAMPLE_RATE_HZ);
    await seedSegments(session.page, recorder.id, SEGMENTS);

    // Another tab while this one records: the audio grows every second, so nothing plays yet, and
    // the time button says why instead of doing nothing.
    const reader = await new ConsultationPage(await session.context.newPage(), server.url, recorder.id).goto();
    await expect.poll(() => reader.segments().then((shown) => shown.length), { timeout: 15_000 }).toBe(3);
    expect(await reader.segments()).toEqual([
      { time: '0:00', text: 'Buenos días, ¿qué lo trae por acá?', corrected: false, speaker: 'Médico' },
      { time: '0:03', text: 'Me duele la cabeza desde hace dos días.', corrected: false, speaker: 'Paciente' },
      { time: '0:06', text: 'Tomo enalapril diez miligramos.', corrected: false, speaker: 'Paciente' },
    ]);
    await reader.segmentTimeButton(1).click();
    await reader.segmentRow(1).getByText('Podrá escuchar el audio al pausar o detener la grabación.').waitFor({ timeout: 5_000 });

    await recorder.stopRecording();
    await reader.playbackInfo();
    // Left further on, as after listening: playing from here would not pass for the segment's start.
    await reader.audio.evaluate((audio) => ((audio as HTMLAudioElement).currentTime = 7));
    await reader.segmentTimeButton(1).click();
    await expect
      .poll(() => reader.audioState(), { timeout: 10_000 })
      .toSatisfy((state: AudioState) => !state.paused && state.currentTime >= 3.5);
    expect((await reader.audioState()).currentTime).toBeLessThan(3.5 + 2);
    await reader.audio.evaluate((audio) => (audio as HTMLAudioElement).pause());

    // No speech model in this browser: the region says where to get one.
    await expect.poll(() => reader.transcriptStatus.innerText()).toBe('Para transcribir, instale un modelo de voz en Modelos.');
    expect(await reader.transcriptStatus.getByRole('link', { name: 'Modelos' }).getAttribute('href')).toBe('#/modelos');

    await reader.correctSegment(2, 'Tomo enalapril 10 mg.');
    await expect
      .poll(() => reader.segments().then((shown) => shown[2]))
      .toEqual({ time: '0:06', text: 'Tomo enalapril 10 mg.', corrected: true, speaker: 'Paciente' });
    expect(await reader.originalText(2)).toBe('Tomo enalapril diez miligramos.');
    const stored = (await readSegments(reader.page, recorder.id)).find((segment) => segment.startMs === 6_200);
    // Correcting the words stores the role guessed from them.
    expect(stored).toMatchObject({ text: 'Tomo enalapril 10 mg.', originalText: 'Tomo enalapril diez miligramos.', role: 'paciente', roleSource: 'auto' });

    // The account at 0:03 was the companion's: the doctor says so, and the choice is stored and audited.
    await reader.setSpeaker(1, 'Acompañante');
    await expect.poll(() => reader.segments().then((shown) => shown[1]?.speaker)).toBe('Acompañante');
    await expect
      .poll(async () => (await readSegments(reader.page, recorder.id)).find((segment) => segment.startMs === 3_500))
      .toMatchObject({ role: 'acompañante', roleSource: 'médico' });
    const audit = await readAudit(reader.page, recorder.id);
    expect(audit.filter((entry) => entry.action === 'transcript.role.corrected').map((entry) => entry.detail)).toEqual([
      expect.stringMatching(/: paciente → acompañante$/),
    ]);
    // With the keyboard: focus the control and step to the next role.
    await reader.speakerSelect(2).focus();
    await reader.page.keyboard.press('ArrowUp');
    await expect.poll(() => reader.segments().then((shown) => shown[2]?.speaker)).toBe('Médico');

    await reader.page.reload();
    await reader.waitUntilShown();
    await expect.poll(() => reader.segments().then((shown) => shown.length), { timeout: 15_000 }).toBe(3);
    expect(await reader.segments()).toEqual([
      { time: '0:00', text: 'Buenos días, ¿qué lo trae por acá?', corrected: false, speaker: 'Médico' },
      { time: '0:03', text: 'Me duele la cabeza desde hace dos días.', corrected: false, speaker: 'Acompañante' },
      { time: '0:06', text: 'Tomo enalapril 10 mg.', corrected: true, speaker: 'Médico' },
    ]);
    expect(await reader.originalText(2)).toBe('Tomo enalapril diez miligramos.');
    expect((await reader.segments()).filter((segment) => segment.corrected)).toHaveLength(1);
    expect(session.pageErrors).toEqual([]);
  });
});

/**
 * Writes segments as the transcription queue stores them (src/storage/types.ts TranscriptSegment),
 * with the raw IndexedDB API. Dexie in the open tab does not see such writes: screens opened (or
 * reloaded) afterwards do.
 */
async function seedSegments(page: Page, encounterId: string, segments: SeededSegment[]): Promise<void> {
  const rows = segments.map((segment) => ({
    id: crypto.randomUUID(),
    encounterId,
    ...segment,
    startSample: segment.startMs * SAMPLES_PER_MS,
    endSample: segment.endMs * SAMPLES_PER_MS,
    transcribedAt: Date.now(),
    modelId: 'seeded-by-spec',
    device: 'wasm',
  }));
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const tx = db.transaction('segments', 'readwrite');
      for (const row of rows) tx.objectStore('segments').put(row);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }, rows);
}

type StoredSegment = SeededSegment & { originalText?: string; role?: string; roleSource?: string };

/** The consultation's audit entries, read back with the raw IndexedDB API. */
async function readAudit(page: Page, encounterId: string): Promise<{ action: string; detail?: string }[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const request = db.transaction('auditLog', 'readonly').objectStore('auditLog').index('encounterId').getAll(id);
      return await new Promise<{ action: string; detail?: string }[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result as { action: string; detail?: string }[]);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, encounterId);
}

/** The consultation's stored segments, read back with the raw IndexedDB API. */
async function readSegments(page: Page, encounterId: string): Promise<StoredSegment[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const request = db.transaction('segments', 'readonly').objectStore('segments').index('encounterId').getAll(id);
      return await new Promise<StoredSegment[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result as StoredSegment[]);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, encounterId);
}
