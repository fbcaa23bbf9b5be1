/**
 * The core promise of the recorder: what the doctor records is what gets stored, second for
 * second, as real sound, and it plays back and seeks.
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { readStoredAudio, storedSeconds } from '../support/stored-audio';
import { ConsultationsPage, parseClockSeconds } from './pages/ConsultationsPage';

const RECORD_FOR_MS = 10_000;
/** The fixture speech has an RMS of ~0.06 (-24 dBFS); silence or a dead track is far below this. */
const MIN_SPEECH_RMS = 0.01;

describe('recording', () => {
  it('records ~10 s that are stored whole, listed as "Grabada", and play back with seeking', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const consultations = await new ConsultationsPage(session.page, server.url).goto();
    const consultation = await consultations.createConsultation();
    await consultation.fillDetails('Paciente de prueba', 'Tos y fiebre');

    const clickedRecordAt = Date.now();
    await consultation.startRecording();
    await expect.poll(() => consultation.timerSeconds(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => consultation.levelValue(), { timeout: 10_000 }).toBeGreaterThan(0);
    await session.page.waitForTimeout(Math.max(0, RECORD_FOR_MS - (Date.now() - clickedRecordAt)));
    const clickedStopAt = Date.now();
    await consultation.stopRecording();
    const wallSeconds = (clickedStopAt - clickedRecordAt) / 1000;

    const list = await consultation.backToList();
    const summary = await list.waitForStatus(consultation.id, 'Grabada');
    expect(summary.text).toContain('Paciente de prueba');
    expect(summary.text).toContain('Tos y fiebre');
    expect(summary.durationSeconds).toBeGreaterThan(wallSeconds - 1);
    expect(summary.durationSeconds).toBeLessThan(wallSeconds + 1);
    expect(summary.durationText).toMatch(/^\d+:\d\d$/);
    expect(Math.abs(parseClockSeconds(summary.durationText) - summary.durationSeconds)).toBeLessThan(1);

    const stored = await readStoredAudio(session.page, consultation.id);
    expect(stored.status).toBe('recorded');
    expect(stored.chunkSamples).toBe(stored.storedSamples);
    expect(stored.contiguous).toBe(true);
    expect(Math.abs(storedSeconds(stored) - summary.durationSeconds)).toBeLessThan(0.01);
    expect(stored.rms).toBeGreaterThan(MIN_SPEECH_RMS);

    await list.open(consultation.id);
    const playback = await consultation.playbackInfo();
    expect(Math.abs(playback.duration - storedSeconds(stored))).toBeLessThanOrEqual(0.1);
    expect(playback.seekableEnd).toBeGreaterThan(playback.duration - 0.1);
    const middle = playback.duration / 2;
    const played = await consultation.playFrom(middle, 0.5);
    expect(played.error).toBeUndefined();
    expect(played.startedAt).toBeCloseTo(middle, 1);
    expect(played.currentTime).toBeGreaterThanOrEqual(middle + 0.5);
  });
});

