/**
 * When the doctor has refused the microphone, "Grabar" explains in Spanish that permission is
 * missing, and the attempt leaves nothing behind that breaks the list or claims to be recording.
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { readStoredAudio } from '../support/stored-audio';
import { ConsultationsPage } from './pages/ConsultationsPage';

describe('microphone denied', () => {
  it('shows a Spanish alert about the permission and leaves the consultation usable', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url, microphone: 'denied' });
    const consultations = await new ConsultationsPage(session.page, server.url).goto();
    const consultation = await consultations.createConsultation();
    await consultation.fillDetails('Paciente sin micrófono', 'Consulta breve');

    await consultation.recordButton.click();

    expect(await consultation.alertText()).toMatch(/permiso/i);
    await consultation.waitUntilNotRecording();
    await consultation.recordButton.waitFor();

    let list = await consultation.backToList();
    let summary = await list.waitForStatus(consultation.id, 'Nueva');
    expect(summary.durationSeconds).toBe(0);
    expect(summary.text).toContain('Paciente sin micrófono');

    // A fresh start must not mistake the failed attempt for an interrupted recording.
    await session.page.reload();
    list = await new ConsultationsPage(session.page, server.url).waitUntilShown();
    summary = await list.waitForStatus(consultation.id, 'Nueva');
    const stored = await readStoredAudio(session.page, consultation.id);
    expect(stored.status).toBe('new');
    expect(stored.chunkCount).toBe(0);
    // Another consultation can still be created: the list is not left in a broken state.
    await list.createConsultation();
    expect(session.pageErrors).toEqual([]);
  });
});
