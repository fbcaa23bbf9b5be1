/**
 * The "Nota" region on its own, without a text model: a transcript and a model draft are written
 * straight into IndexedDB, as the note flow would store them, for a consultation recorded with the
 * fake microphone. Checks what the doctor does with a note: read its sections and lists, see what
 * grounding flags "Revisar", click an item to highlight (and hear) the segments it cites, edit it
 * into a new version, sign it (read-only, and still so after a reload), copy it as text, correct it
 * (a new version; the signed one unchanged), and make a template of their own. Open «Revisar» flags
 * stay visible: a draft's copy carries them, and signing a flagged version asks to confirm each one
 * (recorded in the audit log) before it signs. Pertinent negatives are shown, edited and copied.
 * Generating with a real (fixture) model is the end-to-end note spec's job.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { serveApp } from '../support/server';
import { readStoredAudio, STORED_SAMPLE_RATE_HZ } from '../support/stored-audio';
import type { AudioState } from './pages/ConsultationPage';
import { ConsultationsPage } from './pages/ConsultationsPage';

const RECORDED_S = 5;
const SAMPLES_PER_MS = STORED_SAMPLE_RATE_HZ / 1000;

const SEGMENTS = [
  { id: 'seg-1', startMs: 0, endMs: 1_500, text: 'Me duele la garganta desde hace tres días, tos no tengo, y soy alérgico a la penicilina.' },
  { id: 'seg-2', startMs: 1_500, endMs: 3_000, text: 'Tiene 38,5 de temperatura, es una faringitis.' },
  { id: 'seg-3', startMs: 3_000, endMs: 4_500, text: 'Le indico ibuprofeno de 600 cada 8 horas.' },
];

const SOAP = {
  id: 'soap',
  name: 'SOAP',
  sections: [
    { id: 'subjetivo', title: 'Subjetivo', guidance: '' },
    { id: 'objetivo', title: 'Objetivo', guidance: '' },
    { id: 'evaluacion', title: 'Evaluación', guidance: '' },
    { id: 'plan', title: 'Plan', guidance: '' },
  ],
};

const none = { bloodPressure: null, heartRate: null, respiratoryRate: null, spo2: null, weight: null, height: null };
const DRAFT = {
  sections: {
    subjetivo: { text: 'Odinofagia de tres días de evolución.', evidence: ['seg-1'] },
    objetivo: { text: 'Temperatura 38,5 °C.', evidence: ['seg-2'] },
    evaluacion: { text: '', evidence: [] },
    plan: { text: 'Ibuprofeno 600 mg cada 8 horas.', evidence: ['seg-3'] },
  },
  medications: [
    { name: 'Ibuprofeno', dose: '600 mg', route: null, frequency: 'cada 8 horas', duration: null, action: 'inicia', evidence: ['seg-3'] },
    // Never said: grounding must flag it.
    { name: 'Amoxicilina', dose: '500 mg', route: null, frequency: null, duration: null, action: 'inicia', evidence: ['seg-3'] },
  ],
  allergies: [{ substance: 'Penicilina', reaction: null, evidence: ['seg-1'] }],
  diagnoses: [{ text: 'Faringitis aguda', cie10: 'J02.9', certainty: 'presuntivo', evidence: ['seg-2'] }],
  vitals: { ...none, temperature: { value: 38.5, evidence: ['seg-2'] } },
  orders: [],
  referrals: [],
  followUp: null,
  patientInstructions: [],
  // Denied in seg-1 ("tos no tengo"): grounded, no mark.
  pertinentNegatives: [{ text: 'Sin tos.', evidence: ['seg-1'] }],
};

describe('note UI', () => {
  it('shows a stored draft with its review marks and evidence, edits it into a new version, signs it for good, copies and corrects it', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await new ConsultationsPage(session.page, server.url).goto().then((list) => list.createConsultation());
    await page.fillDetails('Juan Pérez', 'Dolor de garganta');
    await page.startRecording();
    await expect
      .poll(async () => (await readStoredAudio(session.page, page.id)).storedSamples, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(RECORDED_S * STORED_SAMPLE_RATE_HZ);
    await page.stopRecording();
    await seed(session.page, page.id);
    await session.page.reload();
    await page.waitUntilShown();

    // The note as stored: sections with titles, then the lists; without a text model, generating says where to get one.
    await page.note.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.noteSectionText('Plan'), { timeout: 15_000 }).toBe('Ibuprofeno 600 mg cada 8 horas.');
    expect(await page.noteSectionText('Evaluación')).toBe('Sin datos en la consulta.');
    expect(await page.noteListItems('Medicación')).toEqual([
      'Ibuprofeno 600 mg, cada 8 horas (inicia)',
      'Amoxicilina 500 mg (inicia)',
    ]);
    expect(await page.noteListItems('Alergias')).toEqual(['Penicilina']);
    expect(await page.noteListItems('Diagnósticos (CIE-10)')).toEqual(['Faringitis aguda · presuntivo · CIE-10 J02.9']);
    expect(await page.noteListItems('Signos vitales')).toEqual(['Temperatura: 38,5 °C']);
    expect(await page.note.getByText('Versión 1 · borrador del modelo', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.generateNoteButton.isDisabled()).toBe(true);
    // Shown once the catalogue and the hardware are read, which the note's own data does not wait for.
    await expect.poll(() => page.note.getByText('Para redactar notas, instale un modelo de texto en Modelos.').count(), { timeout: 15_000 }).toBe(1);

    // Grounding flags the invented drug, and only it, with a reason naming the segment's time.
    await expect.poll(() => page.noteReviewMarks.count()).toBe(1);
    expect(await page.noteReviewMarks.innerText()).toMatch(/^Revisar\s+«amoxicilina» no se menciona en 0:03\./);
    const AMOXICILLIN_REASON = (await page.noteReviewMarks.innerText()).replace(/^Revisar\s+/, '').trim();
    expect(await page.noteListItems('Negativos pertinentes')).toEqual(['Sin tos.']);

    // A draft's copy carries its open flag: a header count and a mark under the item.
    await page.copyNoteButton.click();
    await page.note.getByText('Nota copiada al portapapeles con sus marcas [REVISAR]', { exact: false }).waitFor({ timeout: 5_000 });
    const draftCopy = await session.page.evaluate(() => navigator.clipboard.readText());
    expect(draftCopy).toContain('BORRADOR: nota sin firmar\nREVISAR: 1 elemento pendiente de revisión, marcado abajo con [REVISAR: …].');
    expect(draftCopy).toContain(`- Amoxicilina 500 mg (inicia)\n  [REVISAR: ${AMOXICILLIN_REASON}]`);
    expect(draftCopy).toContain('Negativos pertinentes\n- Sin tos.');
    expect(draftCopy.match(/^\s*\[REVISAR: /gm)).toHaveLength(1);

    // "Firmar" on a flagged draft lists the flag to confirm; "Cancelar" signs nothing.
    await page.signButton.click();
    expect(await page.signDialogFlags()).toEqual([`Medicamento: Amoxicilina: ${AMOXICILLIN_REASON}`]);
    expect(await page.confirmSignButton.isDisabled()).toBe(true);
    await page.signDialog.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.signDialog.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.noteSignedBadge.count()).toBe(0);
    expect(await page.signButton.count()).toBe(1);

    // Clicking an item highlights the segments it cites, and plays the audio from there.
    await page.noteItem('Penicilina').click();
    await expect.poll(() => page.highlightedSegments.count()).toBe(1);
    expect(await page.highlightedSegments.innerText()).toContain('soy alérgico a la penicilina');
    await page.noteItem(/^Ibuprofeno 600 mg, cada 8 horas/).click();
    await expect.poll(() => page.highlightedSegments.innerText()).toContain('Le indico ibuprofeno de 600');
    await page.playbackInfo();
    await page.note.getByRole('button', { name: 'Escuchar', exact: true }).click();
    await expect
      .poll(() => page.audioState(), { timeout: 10_000 })
      .toSatisfy((state: AudioState) => !state.paused && state.currentTime >= 3);
    await page.audio.evaluate((audio) => (audio as HTMLAudioElement).pause());

    // An edit is a new version; the model's draft stays as it was.
    await page.editNote(async (form) => {
      await form.getByRole('group', { name: 'Medicamento 2' }).getByRole('button', { name: 'Quitar medicamento 2' }).click();
      await form.getByRole('textbox', { name: 'Evaluación', exact: true }).fill('Faringitis aguda probablemente viral.');
    });
    await expect.poll(() => page.noteListItems('Medicación')).toEqual(['Ibuprofeno 600 mg, cada 8 horas (inicia)']);
    expect(await page.noteSectionText('Evaluación')).toBe('Faringitis aguda probablemente viral.');
    await expect.poll(() => page.noteVersions.allInnerTexts()).toEqual([
      expect.stringMatching(/^Versión 2 · editada por el médico/),
      expect.stringMatching(/^Versión 1 · borrador del modelo/),
    ]);
    await expect.poll(() => page.noteReviewMarks.count()).toBe(0);

    // Signing locks it: no more editing, read-only after a reload too.
    await page.signNote();
    expect(await page.editNoteButton.count()).toBe(0);
    expect(await page.signButton.count()).toBe(0);
    await page.page.reload();
    await page.waitUntilShown();
    await page.noteSignedBadge.first().waitFor({ timeout: 15_000 });
    expect(await page.editNoteButton.count()).toBe(0);
    expect(await page.note.getByRole('button', { name: 'Agregar corrección', exact: true }).count()).toBe(1);
    expect(await page.noteSectionText('Evaluación')).toBe('Faringitis aguda probablemente viral.');

    // "Copiar nota": clean text for the clinic's records.
    await page.copyNoteButton.click();
    await page.note.getByText('Nota copiada al portapapeles', { exact: false }).waitFor({ timeout: 5_000 });
    const copied = await session.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('SOAP\nPaciente: Juan Pérez · Fecha: ');
    expect(copied).toContain('Evaluación\nFaringitis aguda probablemente viral.');
    expect(copied).toContain('Medicación\n- Ibuprofeno 600 mg, cada 8 horas (inicia)');
    expect(copied).not.toContain('Amoxicilina');
    expect(copied).not.toContain('BORRADOR');
    expect(copied).not.toContain('seg-');
    expect(copied).toContain('Negativos pertinentes\n- Sin tos.');
    expect(copied).not.toContain('REVISAR');

    // After signing, a correction is a new version; the signed one stays as it was.
    await page.note.getByRole('button', { name: 'Agregar corrección', exact: true }).click();
    const correction = page.note.getByRole('form', { name: 'Editar nota', exact: true });
    await correction.getByRole('textbox', { name: 'Control', exact: true }).fill('Control en 7 días.');
    await correction.getByRole('button', { name: 'Guardar corrección', exact: true }).click();
    await correction.waitFor({ state: 'detached', timeout: 15_000 });
    // The form closes once the version is stored; the list follows from a live query a moment later.
    await expect.poll(() => page.noteVersions.allInnerTexts()).toEqual([
      expect.stringMatching(/^Versión 3 · corrección de la versión 2/),
      expect.stringMatching(/^Versión 2 · editada por el médico[\s\S]* · firmada el /),
      expect.stringMatching(/^Versión 1 · borrador del modelo/),
    ]);
    expect(await page.noteListItems('Control')).toEqual(['Control en 7 días.']);
    expect(await page.signButton.count()).toBe(1);

    // Two edits the transcript does not support: a dose never said, a negative whose finding was never asked.
    await page.editNote(async (form) => {
      await form.getByRole('group', { name: 'Medicamento 1' }).getByRole('textbox', { name: 'Dosis', exact: true }).fill('400 mg');
      await form.getByRole('group', { name: 'Negativo 1' }).getByRole('textbox', { name: 'Dato negado', exact: true }).fill('Sin fiebre.');
    });
    await expect.poll(() => page.noteReviewMarks.count()).toBe(2);
    expect(await page.noteListItems('Negativos pertinentes')).toEqual(['Sin fiebre.']);

    // Signing asks to confirm each flag: "Firmar nota" only once every one is checked «Revisado».
    await page.signButton.click();
    expect(await page.signDialogFlags()).toEqual([
      expect.stringMatching(/^Medicamento: Ibuprofeno: En la dosis, 400 mg no coincide/),
      'Negativo: Sin fiebre.: «fiebre» (sí en 0:01) no se menciona en 0:00.',
    ]);
    expect(await page.confirmSignButton.isDisabled()).toBe(true);
    await page.reviewedCheckbox('Medicamento: Ibuprofeno').check();
    expect(await page.confirmSignButton.isDisabled()).toBe(true);
    await page.reviewedCheckbox('Negativo: Sin fiebre.').check();
    expect(await page.confirmSignButton.isEnabled()).toBe(true);
    await page.confirmSignButton.click();
    await expect.poll(() => page.noteSignedBadge.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.noteVersions.first().innerText()).toMatch(/^Versión 4 · editada por el médico[\s\S]* · firmada el /);
    // Each confirmation is in the audit log, before the signature it allowed.
    expect((await readAudit(session.page, page.id)).slice(-3)).toEqual([
      { action: 'note.review.confirmed', detail: expect.stringMatching(/^v4 medications\.0 «Medicamento: Ibuprofeno»: En la dosis, 400 mg/) },
      { action: 'note.review.confirmed', detail: 'v4 pertinentNegatives.0 «Negativo: Sin fiebre.»: «fiebre» (sí en 0:01) no se menciona en 0:00.' },
      { action: 'note.signed', detail: 'v4' },
    ]);
    // All confirmed: the signed note's copy has no flags.
    await page.copyNoteButton.click();
    await page.note.getByText('Nota copiada al portapapeles: ya puede', { exact: false }).waitFor({ timeout: 5_000 });
    const confirmedCopy = await session.page.evaluate(() => navigator.clipboard.readText());
    expect(confirmedCopy).toContain('- Ibuprofeno 400 mg, cada 8 horas (inicia)');
    expect(confirmedCopy).toContain('Negativos pertinentes\n- Sin fiebre.');
    expect(confirmedCopy).not.toContain('REVISAR');

    // The doctor's own template: made in "Plantillas", offered in "Plantilla".
    await page.note.getByRole('button', { name: 'Plantillas', exact: true }).click();
    await page.note.getByRole('button', { name: 'Nueva plantilla', exact: true }).click();
    const editor = page.note.getByRole('form', { name: 'Nueva plantilla', exact: true });
    await editor.getByRole('textbox', { name: 'Nombre de la plantilla' }).fill('Guardia');
    await editor.getByRole('textbox', { name: 'Título' }).fill('Motivo de ingreso');
    await editor.getByRole('button', { name: 'Guardar plantilla', exact: true }).click();
    await editor.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => page.templateSelect.locator('optgroup[label="Mis plantillas"] option').allInnerTexts()).toEqual(['Guardia']);
    expect(session.pageErrors).toEqual([]);
  });
});

/** The consultation's audit log (action and detail), oldest first, read with the raw IndexedDB API. */
async function readAudit(page: Page, encounterId: string): Promise<{ action: string; detail: string | undefined }[]> {
  return page.evaluate(async (encounterId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const rows = await new Promise<{ id: number; action: string; detail?: string }[]>((resolve, reject) => {
        const request = db.transaction('auditLog').objectStore('auditLog').index('encounterId').getAll(encounterId);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return rows.sort((a, b) => a.id - b.id).map((row) => ({ action: row.action, detail: row.detail }));
    } finally {
      db.close();
    }
  }, encounterId);
}

/** Writes the transcript and a model draft as the app stores them (src/storage/types.ts), with the raw IndexedDB API. */
async function seed(page: Page, encounterId: string): Promise<void> {
  const segments = SEGMENTS.map((s) => ({
    ...s,
    encounterId,
    startSample: s.startMs * SAMPLES_PER_MS,
    endSample: s.endMs * SAMPLES_PER_MS,
    transcribedAt: Date.now(),
  }));
  const version = {
    id: crypto.randomUUID(),
    encounterId,
    version: 1,
    author: 'model',
    content: DRAFT,
    modelId: 'seeded-by-spec',
    createdAt: Date.now(),
    template: SOAP,
    grounding: [],
  };
  await page.evaluate(
    async ({ segments, version }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('escriba');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const tx = db.transaction(['segments', 'notes'], 'readwrite');
        for (const row of segments) tx.objectStore('segments').put(row);
        tx.objectStore('notes').put(version);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
    { segments, version },
  );
}
