/**
 * After the first visit the app needs no server: with the browser offline and the server gone, a
 * reload starts Escriba from its service worker and the recorded consultation is there and plays.
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { recordConsultation } from '../support/recording';
import { serveApp } from '../support/server';
import { waitForServiceWorkerControl } from '../support/service-worker';
import { readStoredAudio, storedSeconds } from '../support/stored-audio';
import { ConsultationsPage } from './pages/ConsultationsPage';

describe('offline', () => {
  it('reloads from the service worker with the server killed, and the consultation still plays', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    await new ConsultationsPage(session.page, server.url).goto();
    await waitForServiceWorkerControl(session.page);
    const { consultation } = await recordConsultation(session.page, server.url, 4);
    const before = await readStoredAudio(session.page, consultation.id);
    expect(before.storedSamples).toBeGreaterThan(0);

    await session.context.setOffline(true);
    await server.stop();
    // Proves the server is really gone, so whatever loads next comes from the service worker.
    await expect(fetch(`${server.url}/`)).rejects.toThrow();

    await session.page.reload();
    const consultations = new ConsultationsPage(session.page, server.url);
    await consultations.goto();
    const summary = await consultations.waitForStatus(consultation.id, 'Grabada');
    expect(summary.durationSeconds).toBeCloseTo(storedSeconds(before), 1);

    await consultations.open(consultation.id);
    const playback = await consultation.playbackInfo();
    expect(Math.abs(playback.duration - storedSeconds(before))).toBeLessThanOrEqual(0.1);
    const played = await consultation.playFrom(0, 0.5);
    expect(played.error).toBeUndefined();
    expect(played.currentTime).toBeGreaterThanOrEqual(0.5);
    expect(await readStoredAudio(session.page, consultation.id)).toEqual(before);
  });
});
