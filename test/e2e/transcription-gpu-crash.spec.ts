/**
 * A real GPU crash during live transcription, in the built app on WebGPU (SwiftShader): CDP
 * Browser.crashGpuProcess kills Chromium's GPU process, as a driver reset does, so the speech
 * worker's device is lost for real, mid-decode or between decodes. The doctor must be told, and
 * the transcription must go on with no utterance lost. Fixture model: plumbing, not quality.
 */
import { describe, expect, it } from 'vitest';
import { NOTICE_GPU_RELOADED, NOTICE_NOW_ON_CPU } from '../../src/speech/speechGpuRecovery';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { SENTENCE, installSpeechFixture as installFixture, transcriptRegion } from '../support/speech-fixture';
import { readStoredTranscript } from '../support/stored-transcript';
import { uncoveredLoud } from '../support/uncovered-loud';
import { ConsultationsPage } from './pages/ConsultationsPage';

describe('a GPU crash during live transcription', () => {
  it('is told to the doctor in «Transcripción» and the transcription goes on, no utterance lost', { timeout: 600_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    const { page } = session;
    await installFixture(page, server.url, 'Tarjeta gráfica (WebGPU)');

    const consultations = await new ConsultationsPage(page, server.url).goto();
    const consultation = await consultations.createConsultation();
    await consultation.startRecording();
    const region = transcriptRegion(page);
    await expect.poll(() => region.getByText(SENTENCE).count(), { timeout: 180_000, interval: 500 }).toBeGreaterThan(0);
    const beforeCrash = await readStoredTranscript(page, consultation.id);

    // Chromium's GPU process dies (a driver reset): the speech worker's GPUDevice is lost for real.
    await session.crashGpuProcess();
    const notice = region.getByRole('alert').filter({ hasText: /La placa de video dejó de responder/ });
    await notice.waitFor({ timeout: 120_000 });
    const told = (await notice.getByRole('paragraph').innerText()).trim();
    expect([NOTICE_GPU_RELOADED, NOTICE_NOW_ON_CPU]).toContain(told);

    // The recording never stopped, and utterances after the crash are transcribed too.
    expect(await consultation.stopButton.isEnabled()).toBe(true);
    await expect
      .poll(async () => (await readStoredTranscript(page, consultation.id)).transcribedSamples, { timeout: 240_000, interval: 500 })
      .toBeGreaterThan(beforeCrash.storedSamples);
    await consultation.stopRecording();
    await expect
      .poll(async () => {
        const t = await readStoredTranscript(page, consultation.id);
        return t.status === 'recorded' && t.transcribedSamples === t.storedSamples;
      }, { timeout: 300_000, interval: 500 })
      .toBe(true);
    const after = await readStoredTranscript(page, consultation.id);
    expect(after.segments.every((s) => s.text === SENTENCE)).toBe(true);
    for (let i = 1; i < after.segments.length; i++) {
      expect(after.segments[i]!.startSample).toBeGreaterThanOrEqual(after.segments[i - 1]!.endSample);
    }
    const gap = await uncoveredLoud(page, consultation.id, after.segments);
    expect(gap.ms, `loud windows outside every segment start at samples ${gap.windowsAt.join(', ')}`).toBe(0);
    const devices = after.segments.slice(beforeCrash.segments.length).map((s) => s.device);
    console.log(`[transcription] after the GPU crash: «${told}»; devices of later segments: ${devices.join(', ')}`);
  });
});
