/**
 * «Documentos» in the built app: «Indicaciones para el paciente» and «Carta de derivación» from a
 * consultation's note. The note is written straight into IndexedDB as the doctor's own version 1
 * (raw API; the note flow itself is the note specs' job), then signed through the UI.
 *
 * - With no text model: the template path builds both documents from the note's fields (a draft
 *   note's sheet says «Borrador»; after signing, a new version does not), an edit adds an alarm sign
 *   the note does not have, which is flagged «Revisar» and must be confirmed before printing; the
 *   print view is looked at on screen and in print media.
 * - With the scripted LLM fixture: it writes one fixed NOTE whatever it is asked, and under the
 *   document grammar its scripted tokens are masked, so what it writes is noise of the document's
 *   shape, usually cut off at the token limit. The spec accepts the two honest outcomes and checks
 *   each: a clear Spanish error that offers the template (which then works), or a stored model
 *   version whose noise grounding flags «Revisar». It proves the plumbing (engine, grammar,
 *   validation, retry, fallback, grounding), never document quality.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { pageCount, pdfText } from '../support/pdf';
import { serveApp } from '../support/server';
import { readConsultationRows } from '../support/stored-rows';
import type { ConsultationPage } from './pages/ConsultationPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ModelsPage } from './pages/ModelsPage';

const INSTRUCTIONS = 'Indicaciones para el paciente';
const LETTER = 'Carta de derivación';
const LLM = 'LLM de prueba (nota fija)';

/** Test hook, not app code: count window.print() calls instead of opening the print dialog. */
const countPrints = `window.print = () => { window.__e2ePrints = (window.__e2ePrints ?? 0) + 1; };`;

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
const none = { bloodPressure: null, heartRate: null, respiratoryRate: null, temperature: null, spo2: null, weight: null, height: null };
const NOTE = {
  sections: {
    subjetivo: { text: 'Dolor de cabeza y fiebre de 2 días. Hipertensión en tratamiento.', evidence: [] },
    objetivo: { text: 'Temperatura 38 °C. Presión 150/95 mmHg.', evidence: [] },
    evaluacion: { text: 'Cuadro viral. Hipertensión no controlada.', evidence: [] },
    plan: { text: 'Paracetamol 500 mg cada 8 horas por 3 días. Suspende enalapril, inicia losartán 50 mg por día.', evidence: [] },
  },
  medications: [
    { name: 'Paracetamol', dose: '500 mg', route: null, frequency: 'cada 8 horas', duration: '3 días', action: 'inicia', evidence: [] },
    { name: 'Enalapril', dose: '10 mg', route: null, frequency: 'una vez por día', duration: null, action: 'suspende', evidence: [] },
    { name: 'Losartán', dose: '50 mg', route: null, frequency: 'una vez por día', duration: null, action: 'inicia', evidence: [] },
  ],
  allergies: [],
  diagnoses: [{ text: 'Hipertensión arterial', cie10: 'I10', certainty: 'confirmado', evidence: [] }],
  vitals: { ...none, temperature: { value: 38, evidence: [] } },
  orders: [{ text: 'Electrocardiograma', evidence: [] }],
  referrals: [{ specialty: 'Cardiología', reason: 'Hipertensión no controlada', evidence: [] }],
  followUp: { text: 'Volver si persiste la fiebre a las 72 horas.', evidence: [] },
  patientInstructions: [
    { text: 'Tomar abundante líquido.', evidence: [] },
    { text: 'Si tiene dolor de pecho, consultar a la guardia.', evidence: [] },
  ],
  pertinentNegatives: [],
};

/** The doctor's own note, version 1, unsigned: as NoteRepository.saveClinicianEdit stores it. */
async function seedNote(page: Page, encounterId: string): Promise<void> {
  const version = { id: `nota-${encounterId}`, encounterId, version: 1, author: 'clinician', content: NOTE, createdAt: Date.now(), template: SOAP };
  await page.evaluate(async (row) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('notes', 'readwrite');
    tx.objectStore('notes').put(row);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, version);
}

async function consultationWithNote(page: Page, baseUrl: string): Promise<ConsultationPage> {
  const consultation = await (await new ConsultationsPage(page, baseUrl).goto()).createConsultation();
  await consultation.fillDetails('María Gómez', 'Cefalea y fiebre');
  // The details are saved a moment after typing: stored before the reload below.
  await expect
    .poll(async () => (await readConsultationRows(page, consultation.id)).rows.encounters?.[0]?.patientLabel, { timeout: 15_000 })
    .toBe('María Gómez');
  await seedNote(page, consultation.id);
  await page.reload();
  await consultation.waitUntilShown();
  await consultation.documents.waitFor({ timeout: 15_000 });
  return consultation;
}

describe('documents from the note', () => {
  it('template path: both documents from a draft, then from the signed note; an edit flagged «Revisar» is confirmed before printing', { timeout: 240_000 }, async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url, initScripts: [countPrints] });
    const { page } = session;
    const consultation = await consultationWithNote(page, server.url);

    // No text model here: the template is the way, and a draft note makes «Borrador» sheets.
    await expect.poll(() => consultation.documentWay.inputValue(), { timeout: 15_000 }).toBe('template');
    expect(await consultation.documents.getByText(/^La nota no está firmada: los documentos se hacen con el borrador \(versión 1\)/).count()).toBe(1);
    expect(await consultation.generateDocument(INSTRUCTIONS)).toBe(1);
    expect(await consultation.documentSheetText(INSTRUCTIONS)).toMatch(/^Indicaciones para el paciente\nPaciente: María Gómez\nFecha: \d\d\/\d\d\/\d{4}\nBORRADOR: hecho con una nota que todavía no está firmada\./);

    // Signed: a new version from the signed note, with everything the note says and nothing else.
    await consultation.signNote();
    await consultation.documents.getByText(/^Se hacen con la nota firmada \(versión 1, firmada el /).waitFor({ timeout: 15_000 });
    expect(await consultation.generateDocument(INSTRUCTIONS)).toBe(2);
    const sheet = await consultation.documentSheetText(INSTRUCTIONS);
    expect(sheet).not.toContain('BORRADOR');
    expect(sheet.split('\n').slice(3)).toEqual([
      'Qué tomar',
      'Paracetamol 500 mg: cada 8 horas, durante 3 días.',
      'Losartán 50 mg: una vez por día.',
      'Deje de tomar',
      'Enalapril.',
      'Cuándo volver',
      'Volver si persiste la fiebre a las 72 horas.',
      'Signos de alarma: consulte enseguida',
      'Si tiene dolor de pecho, consultar a la guardia.',
      'Cuidados',
      'Tomar abundante líquido.',
    ]);
    const instructions = consultation.documentCard(INSTRUCTIONS);
    expect(await consultation.documentVersionLine(INSTRUCTIONS).innerText()).toMatch(/^Versión 2 · plantilla \(sin modelo\) de la nota versión 1, firmada · /);
    expect(await instructions.getByRole('list', { name: 'Elementos para revisar' }).count()).toBe(0);

    expect(await consultation.generateDocument(LETTER)).toBe(1);
    const letter = await consultation.documentSheetText(LETTER);
    expect(letter).toContain('Para: Cardiología');
    expect(letter).toContain('Motivo de la derivación\nHipertensión no controlada.');
    expect(letter).toContain('Medicación actual\nParacetamol 500 mg, cada 8 horas, durante 3 días.\nLosartán 50 mg, una vez por día.');
    expect(letter).toContain('Estudios\nElectrocardiograma.');
    expect(letter).not.toContain('Enalapril 10 mg');

    // The doctor edits: an alarm sign the note does not have is saved as version 3 and flagged.
    await instructions.getByRole('button', { name: 'Editar', exact: true }).click();
    const form = instructions.getByRole('form', { name: `Editar ${INSTRUCTIONS}`, exact: true });
    const alarms = form.getByRole('textbox', { name: 'Signos de alarma (uno por renglón)', exact: true });
    await alarms.fill(`${await alarms.inputValue()}\nFalta de aire.`);
    await form.getByRole('button', { name: 'Guardar versión', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });
    await consultation.documentVersionLine(INSTRUCTIONS).filter({ hasText: /^Versión 3 · editada por el médico / }).waitFor({ timeout: 15_000 });
    const flags = instructions.getByRole('list', { name: 'Elementos para revisar' }).getByRole('listitem');
    await expect.poll(() => flags.allInnerTexts()).toEqual(['Revisar Signo de alarma 2: No figura en la nota: «falta», «aire».']);
    await page.screenshot({ path: 'test-results/documents-panel.png', fullPage: true });

    // Printing asks to confirm the flag first; the sheet prints alone, in large type.
    const preview = await consultation.openPrintPreview(INSTRUCTIONS);
    const print = preview.getByRole('button', { name: 'Imprimir', exact: true });
    expect(await print.isDisabled()).toBe(true);
    await preview.getByRole('checkbox', { name: 'Revisado: Signo de alarma 2', exact: true }).check();
    await page.screenshot({ path: 'test-results/documents-print-preview.png' });
    await print.click();
    expect(await page.evaluate(() => (window as unknown as { __e2ePrints?: number }).__e2ePrints)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: 'test-results/documents-print.png', fullPage: true });
    // Only the sheet: not the app, and not the note the consultation screen prints otherwise.
    expect(await page.locator('#root').isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: /^Nota de consulta · / }).isVisible()).toBe(false);
    expect(await preview.getByRole('article', { name: INSTRUCTIONS }).isVisible()).toBe(true);
    expect(await preview.getByRole('button', { name: 'Imprimir' }).isVisible()).toBe(false);
    // What «Guardar como PDF» would give (page.pdf renders print media): the sheet alone, on one page.
    const pdf = await page.pdf();
    writeFileSync('test-results/documents-instrucciones.pdf', pdf);
    const printed = await pdfText(pdf);
    expect(pageCount(printed)).toBe(1);
    expect(printed).toMatch(/Indicaciones para el paciente[\s\S]*Paracetamol 500 mg: cada 8 horas, durante 3 días\.[\s\S]*Falta de aire\./);
    expect(printed).not.toMatch(/Nota de consulta|Vista de impresión|Imprimir/);
    await page.emulateMedia({ media: 'screen' });
    await preview.getByRole('button', { name: 'Cerrar', exact: true }).click();
    // Closed: printing is the note's again.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('heading', { name: /^Nota de consulta · / }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // Stored as versions, and audited (the print with its confirmed flag).
    const rows = (await readConsultationRows(page, consultation.id)).rows;
    expect((rows.documents ?? []).map((d) => `${d.kind} v${d.version} ${d.author} nota v${d.noteVersion} ${d.fromSignedNote ? 'firmada' : 'borrador'}`).sort()).toEqual([
      'derivacion v1 template nota v1 firmada',
      'instrucciones v1 template nota v1 borrador',
      'instrucciones v2 template nota v1 firmada',
      'instrucciones v3 clinician nota v1 firmada',
    ]);
    expect((rows.auditLog ?? []).filter((e) => e.action === 'document.printed').map((e) => e.detail)).toEqual([
      'instrucciones v3, 1 marcas «Revisar» confirmadas',
    ]);
    expect(session.pageErrors).toEqual([]);
  });

  it('model path with the scripted LLM fixture: a clear error that offers the template, or a flagged model version', { timeout: 600_000 }, async () => {
    const server = await serveApp({ fixtures: true });
    const session = await launchBrowser({ origin: server.url });
    const { page } = session;
    const models = await new ModelsPage(page).goto(server.url);
    await models.downloadButton(LLM).click();
    await expect.poll(() => models.row(LLM).innerText(), { timeout: 60_000 }).toContain('Listo');
    const use = page.getByRole('button', { name: `Usar ${LLM}`, exact: true });
    if (await use.count()) await use.click();

    const consultation = await consultationWithNote(page, server.url);
    await consultation.signNote();
    await expect.poll(() => consultation.documentWay.inputValue(), { timeout: 30_000 }).toBe('model');
    const card = consultation.documentCard(INSTRUCTIONS);
    await card.getByRole('button', { name: 'Generar', exact: true }).click();
    const failed = card.getByRole('alert').filter({ hasText: 'El modelo no devolvió un documento válido' });
    const saved = card.getByRole('status').filter({ hasText: /^Versión 1 guardada\.$/ });
    await failed.or(saved).first().waitFor({ timeout: 480_000 });

    if (await failed.count()) {
      console.info('LLM fixture, document path: invalid answer twice → Spanish error with the template offered');
      expect(await failed.innerText()).toMatch(/ni siquiera en un segundo intento, y no se guardó nada\. Puede usar la plantilla/);
      expect((await readConsultationRows(page, consultation.id)).rows.documents).toEqual([]);
      await failed.getByRole('button', { name: 'Usar la plantilla', exact: true }).click();
      await saved.waitFor({ timeout: 15_000 });
      expect(await consultation.documentVersionLine(INSTRUCTIONS).innerText()).toMatch(/^Versión 1 · plantilla \(sin modelo\) /);
    } else {
      console.info('LLM fixture, document path: a valid document of noise → stored, flagged «Revisar»');
      expect(await consultation.documentVersionLine(INSTRUCTIONS).innerText()).toMatch(/^Versión 1 · redactada por el modelo /);
      expect(await card.getByRole('list', { name: 'Elementos para revisar' }).getByRole('listitem').count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: 'test-results/documents-model-path.png', fullPage: true });
    expect(session.pageErrors).toEqual([]);
  });
});
