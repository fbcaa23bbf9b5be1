// The unit project has no DOM: this checks the markup the note renders (order, titles, marks) on
// the server renderer. Clicking, editing and signing are covered end to end (note-ui.spec.ts).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import { builtInTemplate } from '../notes/templates';
import type { NoteVersion } from '../storage/types';
import type { EvidenceActions } from './NoteItem';
import { noteGroups } from './NoteLines';
import { versionLabel } from './NoteVersions';
import { NoteView } from './NoteView';

const SOAP = builtInTemplate('soap')!;
const actions: EvidenceActions = { select: () => undefined, describe: () => '0:03', play: () => Promise.resolve(null) };

const NOTE: ClinicalNote = {
  ...emptyNote(SOAP),
  sections: { ...emptyNote(SOAP).sections, subjetivo: { text: 'Odinofagia.', evidence: ['a'] }, plan: { text: 'Ibuprofeno.', evidence: ['c'] } },
  medications: [{ name: 'Amoxicilina', dose: '500 mg', route: 'oral', frequency: null, duration: '7 días', action: 'inicia', evidence: ['c'] }],
  vitals: { ...emptyNote(SOAP).vitals, bloodPressure: { systolic: 140, diastolic: 90, evidence: ['b'] }, spo2: { value: 97, evidence: ['b'] } },
};

describe('NoteView', () => {
  it('shows the sections in template order, then every list in the fixed order, empty ones saying so', () => {
    const html = renderToStaticMarkup(<NoteView note={NOTE} template={SOAP} reviews={new Map()} selected={null} actions={actions} />);
    const headings = [...html.matchAll(/<h3 id="[^"]+">([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'Subjetivo',
      'Objetivo',
      'Evaluación',
      'Plan',
      'Medicación',
      'Alergias',
      'Negativos pertinentes',
      'Diagnósticos (CIE-10)',
      'Signos vitales',
      'Estudios',
      'Derivaciones',
      'Control',
      'Indicaciones',
    ]);
    expect(html).toContain('Amoxicilina 500 mg, vía oral, durante 7 días (inicia)');
    expect(html).toContain('Presión arterial: 140/90 mmHg');
    expect(html).toContain('Saturación de oxígeno: 97 %');
    expect(html.match(/No se registró\./g)).toHaveLength(7);
    expect(html.match(/Sin datos en la consulta\./g)).toHaveLength(2);
    expect(html).not.toContain('Revisar');
  });

  it('lists the pertinent negatives, each an item with its own "Revisar" mark', () => {
    const note = { ...NOTE, pertinentNegatives: [{ text: 'Niega alergias.', evidence: ['a'] }, { text: 'Sin fiebre.', evidence: ['b'] }] };
    const review = { path: 'pertinentNegatives.1', label: 'Negativo: Sin fiebre.', level: 'revisar' as const, reason: 'La nota lo da por negado, pero en 0:03 se dijo: "Sí, tuve fiebre".' };
    const html = renderToStaticMarkup(<NoteView note={note} template={SOAP} reviews={new Map([[review.path, review]])} selected={null} actions={actions} />);
    const group = html.slice(html.indexOf('Negativos pertinentes'), html.indexOf('Diagnósticos (CIE-10)'));
    expect([...group.matchAll(/class="note-item-text"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['Niega alergias.', 'Sin fiebre.']);
    expect(group.match(/note-review-badge/g)).toHaveLength(1);
    expect(group).toContain('pero en 0:03 se dijo');
  });

  it('marks a flagged item "Revisar" with its reason, and shows where a selected item was said', () => {
    const review = { path: 'medications.0', label: 'Medicamento: Amoxicilina', level: 'revisar' as const, reason: '«amoxicilina» no se menciona en 0:03.' };
    const html = renderToStaticMarkup(
      <NoteView note={NOTE} template={SOAP} reviews={new Map([[review.path, review]])} selected="medications.0" actions={actions} />,
    );
    expect(html).toContain('<span class="note-review-badge">Revisar</span> «amoxicilina» no se menciona en 0:03.');
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('Dicho en 0:03');
  });

  it('gives each list item the grounding path its finding uses', () => {
    expect(noteGroups(NOTE).flatMap((g) => g.lines.map((l) => l.path))).toEqual(['medications.0', 'vitals.bloodPressure', 'vitals.spo2']);
  });
});

describe('versionLabel', () => {
  const base: NoteVersion = { id: 'v', encounterId: 'e', version: 1, author: 'model', content: {}, createdAt: 0, template: SOAP };
  it('says who wrote each version and how', () => {
    expect(versionLabel(base)).toBe('Versión 1 · borrador del modelo');
    expect(versionLabel({ ...base, version: 2, author: 'clinician' })).toBe('Versión 2 · editada por el médico');
    expect(versionLabel({ ...base, version: 3, regeneratedSection: 'plan' })).toBe('Versión 3 · sección «Plan» regenerada por el modelo');
    expect(versionLabel({ ...base, version: 4, author: 'clinician', corrects: 3 })).toBe('Versión 4 · corrección de la versión 3');
  });
});
