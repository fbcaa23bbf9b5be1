/**
 * «Eliminar consulta» and the audio retention setting in the built app, against Chromium's real
 * IndexedDB. A consultation is recorded with the fake microphone and transcribed by the Whisper
 * fixture (plumbing, not quality), gets a hand-written signed note and a patient sheet from it, and is then deleted through
 * the dialog: every store of the database is read raw afterwards, so a store added later is
 * checked too. Retention is driven by the page's clock: a test-only init script adds an offset,
 * kept in sessionStorage, to `Date.now` (the app has no such hook).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { installSpeechFixture, SENTENCE } from '../support/speech-fixture';
import { readStoredAudio, STORED_SAMPLE_RATE_HZ } from '../support/stored-audio';
import { readConsultationRows, rowCounts } from '../support/stored-rows';
import { readStoredTranscript } from '../support/stored-transcript';
import type { ConsultationPage } from './pages/ConsultationPage';
import { ConsultationsPage } from './pages/ConsultationsPage';

const WASM = 'Procesador (sin tarjeta gráfica)';
const DAY_MS = 86_400_000;
const TRANSCRIBE_TIMEOUT_MS = 90_000;

/** Test hook, not app code: `Date.now` runs ahead by the offset stored under this key. */
const CLOCK_OFFSET_KEY = 'e2e-clock-offset-ms';
const shiftableClock = `
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + Number(sessionStorage.getItem('${CLOCK_OFFSET_KEY}') ?? 0);`;

async function recordAndTranscribe(consultation: ConsultationPage, page: Page, seconds: number): Promise<void> {
  await consultation.startRecording();
  await expect
    .poll(async () => (await readStoredAudio(page, consultation.id)).storedSamples, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(seconds * STORED_SAMPLE_RATE_HZ);
  await consultation.stopRecording();
  await expect
    .poll(
      async () => {
        const t = await readStoredTranscript(page, consultation.id);
        return t.status === 'recorded' && t.segments.length > 0 && t.transcribedSamples === t.storedSamples;
      },
      { timeout: TRANSCRIBE_TIMEOUT_MS, interval: 500 },
    )
    .toBe(true);
}

describe('«Eliminar consulta»', () => {
  it('refuses while recording; deletes audio, transcript and signed note after naming them; nothing of it is left, even after a reload', { timeout: 300_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    const { page } = session;
    await installSpeechFixture(page, server.url, WASM);

    const list = await new ConsultationsPage(page, server.url).goto();
    const kept = await list.createConsultation();
    await kept.fillDetails('Juan Pérez', 'Control');
    await (await kept.backToList()).waitUntilShown();
    const doomed = await list.createConsultation();
    await doomed.fillDetails('María Gómez', 'Tos');

    // While recording: refused, with the reason, and nothing deleted.
    await doomed.startRecording();
    await doomed.deleteButton.click();
    expect(await doomed.alertText()).toMatch(/No se puede eliminar una consulta mientras se graba/);
    expect(await doomed.deleteDialog.count()).toBe(0);
    await doomed.alert.getByRole('button', { name: 'Cerrar aviso' }).click();
    await expect
      .poll(async () => (await readStoredAudio(page, doomed.id)).storedSamples, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3 * STORED_SAMPLE_RATE_HZ);
    await doomed.stopRecording();
    await expect
      .poll(async () => (await readStoredTranscript(page, doomed.id)).transcribedSamples, { timeout: TRANSCRIBE_TIMEOUT_MS, interval: 500 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => {
        const t = await readStoredTranscript(page, doomed.id);
        return t.transcribedSamples === t.storedSamples;
      }, { timeout: TRANSCRIBE_TIMEOUT_MS, interval: 500 })
      .toBe(true);

    // A hand-written note, signed, and a document from it.
    await doomed.note.getByRole('button', { name: 'Escribir la nota a mano', exact: true }).click();
    const form = doomed.note.getByRole('form', { name: 'Editar nota', exact: true });
    await form.getByRole('textbox').first().fill('Tos seca de una semana.');
    await form.getByRole('button', { name: 'Guardar nota', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });
    await doomed.signNote();
    // A patient sheet from the note (the template: no text model here).
    expect(await doomed.generateDocument('Indicaciones para el paciente')).toBe(1);

    const stored = await readStoredAudio(page, doomed.id);
    const transcript = await readStoredTranscript(page, doomed.id);
    const before = rowCounts(await readConsultationRows(page, doomed.id));
    expect(before).toMatchObject({ encounters: 1, notes: 1, documents: 1, segments: transcript.segments.length, audioChunks: stored.chunkCount });
    expect(before.audioChunks).toBeGreaterThan(0);
    const keptBefore = await readConsultationRows(page, kept.id);

    // The consultation says what it takes on disk: the stored audio bytes and the text.
    await expect.poll(() => doomed.sizeLine.innerText(), { timeout: 15_000 }).toMatch(/^Espacio en esta computadora: [\d,]+ (KB|MB) \(audio [\d,]+ (KB|MB) · texto [\d,]+ (B|KB)\)$/);

    const losses = await doomed.openDeleteDialog();
    const dialogText = await doomed.deleteDialog.innerText();
    expect(dialogText).toMatch(/la consulta de María Gómez \(\d+ \w+ \d{4}, [^)]+\)\. No se puede deshacer\./);
    const seconds = Math.floor(stored.storedSamples / STORED_SAMPLE_RATE_HZ);
    expect(losses[0]).toMatch(new RegExp(`^${seconds} s de audio \\([\\d,]+ (KB|MB)\\)\\.$`));
    expect(losses.slice(1)).toEqual([
      `${transcript.segments.length} ${transcript.segments.length === 1 ? 'segmento' : 'segmentos'} de transcripción.`,
      '1 versión de la nota, firmada.',
      '1 versión de documentos (indicaciones, cartas).',
    ]);
    await page.screenshot({ path: 'test-results/delete-dialog.png' });

    // «Cancelar» keeps everything.
    await doomed.deleteDialog.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await doomed.deleteDialog.waitFor({ state: 'detached', timeout: 5_000 });
    expect(rowCounts(await readConsultationRows(page, doomed.id))).toEqual(before);

    await doomed.openDeleteDialog();
    const after = await doomed.confirmDelete();
    await after.deletedNotice.waitFor({ timeout: 15_000 });
    expect(await after.deletedNotice.innerText()).toMatch(/^Se eliminó la consulta de María Gómez \(\d+ \w+ \d{4}, [^)]+\)\./);
    expect(await after.item(doomed.id).count()).toBe(0);
    expect((await after.summary(kept.id)).text).toContain('Juan Pérez');
    await page.screenshot({ path: 'test-results/delete-list.png', fullPage: true });

    const rows = await readConsultationRows(page, doomed.id);
    for (const [store, count] of Object.entries(rowCounts(rows))) {
      if (store !== 'auditLog') expect(count, store).toBe(0);
    }
    // The audit log keeps that it existed and was deleted, with counts and no patient text.
    const audit = rows.rows.auditLog ?? [];
    expect(audit.at(-1)).toMatchObject({ action: 'encounter.deleted' });
    expect(String(audit.at(-1)?.detail)).toContain(`${transcript.segments.length} segmentos, 1 versiones de nota (1 firmadas)`);
    expect(audit.slice(0, -1).every((entry) => entry.detail === undefined)).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/María|Gómez|Tos seca/);
    expect(JSON.stringify(audit)).not.toContain(SENTENCE);
    expect(await readConsultationRows(page, kept.id)).toEqual(keptBefore);

    // Gone after a reload, and its address says so.
    await page.reload();
    await after.waitUntilShown();
    expect(await after.item(doomed.id).count()).toBe(0);
    expect(await after.item(kept.id).count()).toBe(1);
    await page.goto(`${server.url}/#/consulta/${doomed.id}`);
    await page.getByText('Esta consulta no existe en esta computadora.').waitFor({ timeout: 15_000 });
    expect(session.pageErrors).toEqual([]);
  });
});

describe('«Borrar el audio después de N días»', () => {
  it('deletes the audio at start-up once the consultation is N days old, keeps transcript and size honest, and says so where it would play', { timeout: 300_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url, initScripts: [shiftableClock] });
    const { page } = session;
    await installSpeechFixture(page, server.url, WASM);
    const list = await new ConsultationsPage(page, server.url).goto();
    const consultation = await list.createConsultation();
    await consultation.fillDetails('María Gómez', 'Tos');
    await recordAndTranscribe(consultation, page, 3);
    const recorded = await readStoredAudio(page, consultation.id);
    const segments = (await readStoredTranscript(page, consultation.id)).segments;

    // Off by default; turned on with the default 30 days.
    const settings = await consultation.backToList();
    expect(await settings.retentionCheckbox.isChecked()).toBe(false);
    expect(await settings.retentionDays.inputValue()).toBe('30');
    await settings.retentionDays.fill('0');
    await settings.retention.getByRole('alert').getByText(/entre 1 y 3650/).waitFor({ timeout: 5_000 });
    await settings.retentionDays.fill('30');
    await settings.retentionCheckbox.click(); // a stored setting: checked once its live query answers (polled below)
    await expect.poll(() => settings.retentionCheckbox.isChecked()).toBe(true);

    // 29 days on: kept.
    await page.evaluate(([key, ms]) => sessionStorage.setItem(key, ms), [CLOCK_OFFSET_KEY, String(29 * DAY_MS)] as const);
    await page.reload();
    await list.waitUntilShown();
    await expect.poll(() => list.retentionLastRun.innerText(), { timeout: 15_000 }).toMatch(/^Última aplicación \(30 días\): .*no había audio para borrar\.$/);
    expect((await readStoredAudio(page, consultation.id)).chunkCount).toBe(recorded.chunkCount);

    // 30 days and a minute on: the audio goes, the transcript and the duration stay.
    await page.evaluate(([key, ms]) => sessionStorage.setItem(key, ms), [CLOCK_OFFSET_KEY, String(30 * DAY_MS + 60_000)] as const);
    await page.reload();
    await list.waitUntilShown();
    await expect.poll(() => list.retentionLastRun.innerText(), { timeout: 15_000 }).toMatch(/se borró el audio de 1 consulta \([\d,]+ (KB|MB)\)\.$/);
    await page.screenshot({ path: 'test-results/retention-list.png', fullPage: true });
    const after = await readStoredAudio(page, consultation.id);
    expect(after).toMatchObject({ chunkCount: 0, storedSamples: recorded.storedSamples, status: 'recorded' });
    expect((await readStoredTranscript(page, consultation.id)).segments).toEqual(segments);

    const shown = await list.open(consultation.id);
    await shown.audioCard.getByText(/^El audio de esta consulta se borró el .* \(después de 30 días\)\. La transcripción y las notas se conservan\.$/).waitFor({ timeout: 15_000 });
    expect(await shown.audio.count()).toBe(0);
    await expect.poll(() => shown.sizeLine.innerText(), { timeout: 15_000 }).toMatch(/\(audio borrado · texto [\d,]+ (B|KB)\)$/);
    await shown.segmentTimeButton(0).click();
    await shown.segmentRow(0).getByText(/^El audio de esta consulta se borró/).waitFor({ timeout: 5_000 });
    expect(await shown.retranscribeButton(0).isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-results/retention-consultation.png', fullPage: true });

    const trail = (await readConsultationRows(page, consultation.id)).rows.auditLog ?? [];
    expect(trail.at(-1)).toMatchObject({ action: 'audio.deleted' });
    expect(session.pageErrors).toEqual([]);
  });
});
