// The unit project has no DOM: the printed page's markup on the server renderer. How it looks on
// paper (print CSS, watermark, one page) is note-documents.spec.ts's job, through Chromium's PDF.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DENIED_ALLERGIES_NOTE, FULL_NOTE, SOAP } from '../export/fhir/bundle.testkit';
import type { NoteFinding } from '../storage/types';
import { NotePrintPage } from './NotePrint';

const FLAG: NoteFinding = { path: 'medications.3', label: 'Medicamento: Losartán', level: 'revisar', reason: '«losartán» no se menciona en 0:12.' };
const render = (overrides: Partial<Parameters<typeof NotePrintPage>[0]> = {}) =>
  renderToStaticMarkup(
    <NotePrintPage
      note={FULL_NOTE}
      template={SOAP}
      versionNumber={2}
      signedAt={Date.UTC(2026, 2, 14, 15, 42)}
      patientLabel="Juan Pérez"
      reason="Dolor de garganta"
      consultationAt={Date.UTC(2026, 2, 14, 15, 0)}
      professional={{ name: 'Dra. Ana Gómez', license: 'MN 123456' }}
      flags={[]}
      {...overrides}
    />,
  );

describe('NotePrintPage', () => {
  it('heads a signed note with the doctor, the patient and the date, and signs it without a watermark', () => {
    const html = render();
    expect(html).toContain('<h1>Nota de consulta · SOAP</h1>');
    expect(html).toContain('<dt>Profesional</dt><dd>Dra. Ana Gómez</dd>');
    expect(html).toContain('<dt>Matrícula</dt><dd>MN 123456</dd>');
    expect(html).toContain('<dt>Paciente</dt><dd>Juan Pérez</dd>');
    expect(html).toContain('<dt>Motivo de consulta</dt><dd>Dolor de garganta</dd>');
    expect(html).toContain('Firmada en Escriba el ');
    expect(html).toContain('Firma y sello · Dra. Ana Gómez · Matrícula MN 123456');
    expect(html).not.toContain('BORRADOR');
    expect(html).not.toContain('REVISAR');
  });

  it('prints the sections in the template order, an empty one as such, and each list', () => {
    const html = render();
    const order = ['Subjetivo', 'Objetivo', 'Evaluación', 'Plan', 'Medicación', 'Alergias', 'Negativos pertinentes', 'Diagnósticos (CIE-10)', 'Signos vitales'];
    const positions = order.map((title) => html.indexOf(`<h2>${title}</h2>`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('<p>Odinofagia de tres días.</p><p>Niega tos.</p>');
    expect(html).toContain('<h2>Evaluación</h2><p>Sin datos en la consulta.</p>');
    expect(html).toContain('<li>Ibuprofeno 600 mg, cada 8 horas, vía oral, durante 5 días (inicia)</li>');
    expect(html).toContain('Fauces eritematosas &lt;sin exudado&gt; &amp; adenopatías.');
  });

  it('marks a draft BORRADOR, with its open flags under their items', () => {
    const html = render({ signedAt: undefined, flags: [FLAG] });
    expect(html).toContain('<div class="note-print-watermark" aria-hidden="true">BORRADOR</div>');
    expect(html).toContain('BORRADOR: nota sin firmar');
    expect(html).toContain('REVISAR: 1 elemento pendiente de revisión');
    expect(html).toMatch(/Losartán 50 mg, por día \(modifica\)<span class="note-print-mark">\[REVISAR: «losartán» no se menciona en 0:12\.\]<\/span><\/li>/);
    expect(html).toContain('Sin firmar · Versión 2');
  });

  it('keeps «Alergias» on paper when none was recorded, and leaves the doctor\'s data blank when missing', () => {
    const html = render({ note: DENIED_ALLERGIES_NOTE, professional: { name: '', license: '' } });
    expect(html).toContain('<h2>Alergias</h2><p>No se registró.</p>');
    expect(html).not.toContain('<h2>Medicación</h2>');
    expect(html).toContain('<dt>Profesional</dt><dd>—</dd>');
    expect(html).toContain('<p>Firma y sello</p>');
  });
});
