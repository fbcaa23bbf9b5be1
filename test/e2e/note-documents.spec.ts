/**
 * «Imprimir» and «Exportar FHIR» on a consultation's note, as the doctor uses them: a seeded model
 * draft (no text model needed) prints with a BORRADOR watermark and cannot be exported, saying
 * why; the doctor fills in «Datos del profesional» in Modelos, signs, exports (the download is a
 * FHIR R4 document Bundle that the @medplum/core validator passes with zero errors, audited as
 * note.exported) and prints the signed note without the watermark. The PDFs are Chromium's own
 * print rendering (page.pdf with the print stylesheet), read back with pdftotext; they, the
 * downloaded file and two screenshots of the note are kept in test-results/ to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { fhirErrors } from '../../src/export/fhir/validate.testkit';
import { launchBrowser, REPO_ROOT } from '../support/browser';
import { pageCount, pdfText } from '../support/pdf';
import { readAuditLog, seedNoteDraft, storedPatientLabel } from '../support/seed-note';
import { serveApp } from '../support/server';
import { ConsultationPage } from './pages/ConsultationPage';
import { ConsultationsPage } from './pages/ConsultationsPage';
import { ModelsPage } from './pages/ModelsPage';

const ARTIFACTS = join(REPO_ROOT, 'test-results', 'note-documents');

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

const SEGMENTS = [
  { id: 'seg-1', startMs: 0, endMs: 1_500, text: 'Me duele la garganta desde hace tres días. ¿Alergias? No, ninguna.' },
  { id: 'seg-2', startMs: 1_500, endMs: 3_000, text: 'Tiene 38,5 de temperatura, es una faringitis.' },
  { id: 'seg-3', startMs: 3_000, endMs: 4_500, text: 'Le indico ibuprofeno de 600 cada 8 horas y pedimos un hemograma.' },
];

const DRAFT = {
  sections: {
    subjetivo: { text: 'Odinofagia de tres días de evolución.', evidence: ['seg-1'] },
    objetivo: { text: 'Temperatura 38,5 °C.', evidence: ['seg-2'] },
    evaluacion: { text: 'Faringitis aguda.', evidence: ['seg-2'] },
    plan: { text: 'Ibuprofeno 600 mg cada 8 horas. Hemograma.', evidence: ['seg-3'] },
  },
  medications: [{ name: 'Ibuprofeno', dose: '600 mg', route: null, frequency: 'cada 8 horas', duration: null, action: 'inicia', evidence: ['seg-3'] }],
  allergies: [],
  diagnoses: [{ text: 'Faringitis aguda', cie10: 'J02.9', certainty: 'presuntivo', evidence: ['seg-2'] }],
  vitals: {
    bloodPressure: null,
    heartRate: null,
    respiratoryRate: null,
    temperature: { value: 38.5, evidence: ['seg-2'] },
    spo2: null,
    weight: null,
    height: null,
  },
  orders: [{ text: 'Hemograma', evidence: ['seg-3'] }],
  referrals: [],
  followUp: null,
  patientInstructions: [],
  pertinentNegatives: [{ text: 'Niega alergias.', evidence: ['seg-1'] }],
};

const resourcesOf = (bundle: Bundle): Resource[] => (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

describe('note documents', () => {
  it('prints a draft as BORRADOR, exports only the signed note as a valid FHIR document, and prints it signed', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const page = await new ConsultationsPage(session.page, server.url).goto().then((list) => list.createConsultation());
    await page.fillDetails('Juan Pérez', 'Dolor de garganta');
    // The details form saves a moment after typing: wait for it before reloading.
    await expect.poll(() => storedPatientLabel(session.page, page.id)).toBe('Juan Pérez');
    await seedNoteDraft(session.page, page.id, { segments: SEGMENTS, content: DRAFT, template: SOAP });
    await session.page.reload();
    await page.waitUntilShown();
    await expect.poll(() => page.noteSectionText('Plan')).toBe('Ibuprofeno 600 mg cada 8 horas. Hemograma.');

    // A draft: «Exportar FHIR» is disabled and says why; the print lacks the doctor's data and says where to add them.
    expect(await page.exportFhirButton.isDisabled()).toBe(true);
    expect(await page.note.getByText('Para exportar, firme la nota: solo una nota firmada es un documento clínico.', { exact: true }).count()).toBe(1);
    await page.note.getByText('La nota impresa lleva su nombre y matrícula', { exact: false }).waitFor();
    await page.note.screenshot({ path: join(ARTIFACTS, 'nota-borrador.png') });

    // «Imprimir» opens the browser's print dialog (stubbed here: headless Chromium has none).
    await session.page.evaluate(() => {
      window.print = () => {
        document.body.dataset.printCalls = String(Number(document.body.dataset.printCalls ?? '0') + 1);
      };
    });
    await page.printButton.click();
    expect(await session.page.evaluate(() => document.body.dataset.printCalls)).toBe('1');

    const draftPdf = await page.printToPdf();
    writeFileSync(join(ARTIFACTS, 'borrador.pdf'), draftPdf);
    const draftText = await pdfText(draftPdf);
    expect(draftText).toContain('BORRADOR: nota sin firmar');
    // The watermark, once per page, beside the header's line (rotated text: read in drawing order).
    const drawn = (await pdfText(draftPdf, 'drawing')).replace(/\s+/g, '');
    expect(drawn.match(/BORRADOR/g)?.length).toBe(pageCount(draftText) + 1);
    expect(draftText).toContain('Nota de consulta · SOAP');
    expect(draftText).toMatch(/Paciente:\s+Juan Pérez/);
    expect(draftText).toMatch(/Profesional:\s+—/);
    expect(draftText).toContain('Odinofagia de tres días de evolución.');
    expect(draftText).toContain('Ibuprofeno 600 mg, cada 8 horas (inicia)');
    expect(draftText).toContain('Faringitis aguda · presuntivo · CIE-10 J02.9');
    expect(draftText).toContain('Niega alergias.');
    expect(draftText).toContain('Sin firmar · Versión 1');
    expect(draftText).toContain('Firma y sello');
    // Only the note: none of the app's screen (menu, recorder, transcript) is on paper.
    expect(draftText).not.toMatch(/Grabar|Transcripción|Consultas|Generar/);
    expect(pageCount(draftText)).toBe(1);

    // «Datos del profesional», in Modelos.
    const models = await new ModelsPage(session.page).open();
    await models.saveProfessional('Dra. Ana Gómez', 'MN 123456');
    const consultation = await new ConsultationPage(session.page, server.url, page.id).goto();
    await consultation.note.getByText('Versión 1 · borrador del modelo', { exact: true }).first().waitFor();
    expect(await consultation.note.getByText('La nota impresa lleva su nombre y matrícula', { exact: false }).count()).toBe(0);

    await consultation.signNote();
    await expect.poll(() => consultation.exportFhirButton.isEnabled()).toBe(true);

    // A DNI that is not one is refused in Spanish, and nothing downloads.
    await consultation.exportFhirButton.click();
    const dni = consultation.exportPanel.getByRole('textbox', { name: 'DNI del paciente (opcional)', exact: true });
    await dni.fill('30-123-456');
    await consultation.exportPanel.getByText('El DNI lleva solo números', { exact: false }).waitFor();
    expect(await consultation.exportPanel.getByRole('button', { name: 'Descargar archivo', exact: true }).isDisabled()).toBe(true);
    await consultation.exportPanel.getByRole('button', { name: 'Cancelar', exact: true }).click();

    const download = await consultation.exportFhir('30.123.456');
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect(download.suggestedFilename()).toBe(`escriba-juan-perez-${day}.json`);
    const path = await download.path();
    const json = await readFile(path, 'utf8');
    writeFileSync(join(ARTIFACTS, download.suggestedFilename()), json);
    const bundle = JSON.parse(json) as Bundle;
    expect(fhirErrors(bundle)).toEqual([]);
    const resources = resourcesOf(bundle);
    expect(resources.map((r) => r.resourceType)).toEqual([
      'Composition',
      'Patient',
      'Practitioner',
      'Encounter',
      'Observation',
      'MedicationRequest',
      'AllergyIntolerance',
      'Condition',
      'ServiceRequest',
    ]);
    expect(resources[1]).toMatchObject({ name: [{ text: 'Juan Pérez' }], identifier: [{ system: 'http://www.renaper.gob.ar/dni', value: '30123456' }] });
    expect(resources[2]).toMatchObject({ name: [{ text: 'Dra. Ana Gómez' }], identifier: [{ value: 'MN 123456' }] });
    expect(resources[6]).toMatchObject({ code: { coding: [{ system: 'http://snomed.info/sct', code: '716186003' }] } });
    expect(resources[0]).toMatchObject({ status: 'final', title: 'Nota de consulta · SOAP' });
    await consultation.note.getByRole('status').filter({ hasText: `Archivo descargado: ${download.suggestedFilename()}` }).waitFor();
    await consultation.note.screenshot({ path: join(ARTIFACTS, 'nota-exportada.png') });
    expect((await readAuditLog(session.page, page.id)).at(-1)).toEqual({ action: 'note.exported', detail: `v1 FHIR ${download.suggestedFilename()}` });

    // Signed: no watermark; the doctor's data and the signature's date on paper.
    const signedPdf = await consultation.printToPdf();
    writeFileSync(join(ARTIFACTS, 'firmada.pdf'), signedPdf);
    const signedText = await pdfText(signedPdf);
    expect(signedText).not.toContain('BORRADOR');
    expect((await pdfText(signedPdf, 'drawing')).replace(/\s+/g, '')).not.toContain('BORRADOR');
    expect(signedText).toMatch(/Profesional:\s+Dra\. Ana Gómez/);
    expect(signedText).toMatch(/Matrícula:\s+MN 123456/);
    expect(signedText).toMatch(/Firmada en Escriba el .+ · Versión 1/);
    expect(signedText).toContain('Firma y sello · Dra. Ana Gómez · Matrícula MN 123456');

    // Wherever the page breaks fall, no page holds the signature alone (a signed sheet detached
    // from the note it signs): a space under the header sweeps the break across the note's end.
    for (let spaceMm = 0; spaceMm <= 255; spaceMm += 15) {
      await session.page.evaluate((mm) => document.querySelector<HTMLElement>('.note-print-header')!.style.setProperty('margin-bottom', `${mm}mm`), spaceMm);
      const pages = (await pdfText(await consultation.printToPdf())).split('\f').filter((p) => p.trim());
      for (const printed of pages) {
        const besidesSignature = printed.split('\n').filter((line) => line.trim() && !/^\s*(Firmada en Escriba|Firma y sello)/.test(line));
        expect(besidesSignature, `${spaceMm} mm under the header:\n${printed}`).not.toEqual([]);
      }
    }
    expect(session.pageErrors).toEqual([]);
  });
});
