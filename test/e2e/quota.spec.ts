/**
 * The disk fills up mid-recording: the doctor is told in Spanish that there is no space, the
 * recording stops, and everything stored until then stays listed and playable.
 *
 * The full disk is simulated with DevTools' Storage.overrideQuotaForOrigin, set to what the origin
 * already uses. Chromium's IndexedDB caches the space it may still use for up to ~30 s, so the
 * first refused write comes up to that long after the override: the spec waits for it.
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { pollUntil } from '../support/poll';
import { serveApp } from '../support/server';
import { readStoredAudio, storedSeconds, STORED_SAMPLE_RATE_HZ } from '../support/stored-audio';
import { ConsultationsPage } from './pages/ConsultationsPage';

const QUOTA_ENFORCED_WITHIN_MS = 45_000;
/** Longer than the recorder's 1 s flush interval: a recorder still writing cannot look still. */
const STILLNESS_CHECK_MS = 1_500;

interface UsageAndQuota {
  usage: number;
  quota: number;
  overrideActive: boolean;
}

describe('storage full', () => {
  it('stops the recording with a Spanish alert and keeps what was saved', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const consultations = await new ConsultationsPage(session.page, server.url).goto();
    const consultation = await consultations.createConsultation();
    await consultation.startRecording();
    await expect
      .poll(async () => (await readStoredAudio(session.page, consultation.id)).storedSamples, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2 * STORED_SAMPLE_RATE_HZ);

    const cdp = await session.cdp();
    const origin = new URL(server.url).origin;
    const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin })) as UsageAndQuota;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage });
    expect(((await cdp.send('Storage.getUsageAndQuota', { origin })) as UsageAndQuota).overrideActive).toBe(true);

    await consultation.alert.first().waitFor({ timeout: QUOTA_ENFORCED_WITHIN_MS });
    expect(await consultation.alertText()).toMatch(/espacio/i);
    await consultation.waitUntilNotRecording();
    await consultation.resumeButton.waitFor();
    const saved = await readStoredAudio(session.page, consultation.id);
    expect(saved.storedSamples).toBeGreaterThanOrEqual(2 * STORED_SAMPLE_RATE_HZ);
    expect(saved.chunkSamples).toBe(saved.storedSamples);
    expect(saved.contiguous).toBe(true);
    // Stopped means stopped: once the recorder offers "Reanudar", the stored audio holds still
    // (two reads a flush interval apart agree), and at what was saved: nothing more arrived.
    let previousSamples: number | undefined;
    const stillSamples = await pollUntil(
      async () => (await readStoredAudio(session.page, consultation.id)).storedSamples,
      (samples) => {
        const still = samples === previousSamples;
        previousSamples = samples;
        return still;
      },
      { intervalMs: STILLNESS_CHECK_MS, what: 'the stored audio to stop changing' },
    );
    expect(stillSamples).toBe(saved.storedSamples);

    // Still full: what was saved can be heard.
    const playback = await consultation.playbackInfo();
    expect(Math.abs(playback.duration - storedSeconds(saved))).toBeLessThanOrEqual(0.1);
    expect((await consultation.playFrom(0, 0.5)).error).toBeUndefined();
    const list = await consultation.backToList();
    const listed = await list.summary(consultation.id);
    expect(listed.durationSeconds).toBeCloseTo(storedSeconds(saved), 1);

    // Escriba reopened on the still-full disk must start and list what it has (reading needs no
    // space), not fail as if the database could not be opened.
    await session.page.reload();
    const reopened = new ConsultationsPage(session.page, server.url);
    const alerts = session.page.getByRole('alert');
    await reopened.heading.or(alerts).first().waitFor({ timeout: 15_000 });
    if (!(await reopened.heading.isVisible())) {
      throw new Error(`Escriba did not start on a full disk; it shows: ${(await alerts.allInnerTexts()).join(' | ')}`);
    }
    const reopenedSummary = await reopened.summary(consultation.id);
    expect(reopenedSummary.durationSeconds).toBeCloseTo(storedSeconds(saved), 1);
    // Its tab is gone, so it is interrupted, even though the full disk kept that from being stored.
    expect(reopenedSummary.status).toBe('Interrumpida');
    expect((await alerts.allInnerTexts()).join(' ')).toMatch(/espacio/i);

    // "Finalizar" cannot be stored on the full disk either: the doctor is told, and can try again.
    const interrupted = await reopened.open(consultation.id);
    await interrupted.finishButton.click();
    await interrupted.alert.filter({ hasText: /no se pudo finalizar/i }).waitFor({ timeout: 15_000 });
    expect(await interrupted.alertText()).toMatch(/espacio/i);
    await interrupted.finishButton.waitFor();
    expect(await interrupted.finishButton.isEnabled()).toBe(true);
    expect((await readStoredAudio(session.page, consultation.id)).status).not.toBe('recorded');
  });
});
