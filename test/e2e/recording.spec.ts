/**
 * The core promise of the recorder: what the doctor records is what gets stored, second for
 * second, as real sound, and it plays back and seeks.
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { readStoredAudio, STORED_SAMPLE_RATE_HZ, storedSeconds } from '../support/stored-audio';
import { ConsultationPage } from './pages/ConsultationPage';
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

    // From the moment the screen says it records: microphone and worklet start-up come before.
    const recordingSeenAt = await consultation.startRecording();
    await expect.poll(() => consultation.timerSeconds(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => consultation.levelValue(), { timeout: 10_000 }).toBeGreaterThan(0);
    await session.page.waitForTimeout(Math.max(0, RECORD_FOR_MS - (Date.now() - recordingSeenAt)));
    const clickedStopAt = Date.now();
    await consultation.stopRecording();
    const wallSeconds = (clickedStopAt - recordingSeenAt) / 1000;

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

  it('shows a recording in another tab as such, and offers to continue or finish once that tab is gone', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const recordingTab = session.page;
    const consultations = await new ConsultationsPage(recordingTab, server.url).goto();
    const recorded = await consultations.createConsultation();
    await recorded.startRecording();
    await expect
      .poll(async () => (await readStoredAudio(recordingTab, recorded.id)).storedSamples, { timeout: 15_000 })
      .toBeGreaterThan(0);

    const otherTab = await new ConsultationPage(await session.context.newPage(), server.url, recorded.id).goto();
    await otherTab.otherTabNotice.waitFor({ timeout: 15_000 });
    // The audio grows every second over there: no player built from a snapshot of it here.
    await otherTab.page.getByText('Podrá escuchar el audio al pausar o detener la grabación').waitFor();
    expect(await otherTab.audio.count()).toBe(0);
    expect(await otherTab.continueButton.count()).toBe(0);
    expect(await otherTab.finishButton.count()).toBe(0);

    // The recording tab goes away without a goodbye (no pause, no stop): its lock goes with it.
    await recordingTab.close();
    await otherTab.interruptedNotice.waitFor({ timeout: 15_000 });
    await otherTab.continueButton.waitFor();
    // Marked in storage too, as start-up recovery would have, so the list says "Interrumpida".
    await expect.poll(async () => (await readStoredAudio(otherTab.page, recorded.id)).status).toBe('interrupted');
    const kept = await readStoredAudio(otherTab.page, recorded.id);
    expect(kept.storedSamples).toBeGreaterThan(0);

    await otherTab.finishButton.click();
    await otherTab.page.getByText('Grabación finalizada.').waitFor({ timeout: 15_000 });
    const finished = await readStoredAudio(otherTab.page, recorded.id);
    expect(finished).toMatchObject({ status: 'recorded', storedSamples: kept.storedSamples, contiguous: true });
    const playback = await otherTab.playbackInfo();
    expect(Math.abs(playback.duration - storedSeconds(finished))).toBeLessThanOrEqual(0.1);
    expect(session.pageErrors).toEqual([]);
  });

  it('pauses, keeps the audio and says why when the system suspends audio mid-recording', async () => {
    const server = await serveApp();
    // Test hook, not app code: remember the AudioContexts the page creates so the spec can
    // suspend one, as the system does when another app takes over audio or the device changes.
    const rememberContexts = `
      const Original = window.AudioContext;
      window.AudioContext = class extends Original {
        constructor(...args) { super(...args); (globalThis.__e2eAudioContexts ??= []).push(this); }
      };`;
    const session = await launchBrowser({ origin: server.url, initScripts: [rememberContexts] });
    const consultations = await new ConsultationsPage(session.page, server.url).goto();
    const consultation = await consultations.createConsultation();
    await consultation.startRecording();
    await expect
      .poll(async () => (await readStoredAudio(session.page, consultation.id)).storedSamples, { timeout: 15_000 })
      .toBeGreaterThan(STORED_SAMPLE_RATE_HZ);

    await session.page.evaluate(async () => {
      const contexts: unknown = Reflect.get(globalThis, '__e2eAudioContexts');
      const context = Array.isArray(contexts) ? contexts.at(-1) : undefined;
      if (!(context instanceof AudioContext)) throw new Error('no AudioContext was created');
      await context.suspend();
    });

    await consultation.resumeButton.waitFor({ timeout: 15_000 });
    expect(await consultation.pauseButton.count()).toBe(0);
    expect(await consultation.alertText()).toMatch(/dejó de llegar audio/);
    await expect.poll(async () => (await readStoredAudio(session.page, consultation.id)).status).toBe('paused');
    const kept = await readStoredAudio(session.page, consultation.id);
    expect(kept.chunkSamples).toBe(kept.storedSamples);
    expect(kept.contiguous).toBe(true);

    // "Reanudar" opens a new capture and records into the same consultation.
    await consultation.resumeButton.click();
    await consultation.waitUntilRecording();
    await expect
      .poll(async () => (await readStoredAudio(session.page, consultation.id)).storedSamples, { timeout: 15_000 })
      .toBeGreaterThan(kept.storedSamples + STORED_SAMPLE_RATE_HZ);
    await consultation.stopRecording();
    expect((await readStoredAudio(session.page, consultation.id)).status).toBe('recorded');
  });
});
