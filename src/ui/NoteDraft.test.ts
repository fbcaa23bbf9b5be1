import { describe, expect, it } from 'vitest';
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import { builtInTemplate } from '../notes/templates';
import { fromDraft, toDraft } from './NoteDraft';

const SOAP = builtInTemplate('soap')!;

const NOTE: ClinicalNote = {
  ...emptyNote(SOAP),
  sections: { ...emptyNote(SOAP).sections, plan: { text: 'Ibuprofeno.', evidence: ['seg-3'] } },
  medications: [{ name: 'Ibuprofeno', dose: '600 mg', route: null, frequency: 'cada 8 horas', duration: null, action: 'inicia', evidence: ['seg-3'] }],
  diagnoses: [{ text: 'Faringitis', cie10: 'J02.9', certainty: 'presuntivo', evidence: ['seg-2'] }],
  vitals: { ...emptyNote(SOAP).vitals, temperature: { value: 38.5, evidence: ['seg-2'] }, bloodPressure: { systolic: 140, diastolic: 90, evidence: ['seg-1'] } },
  followUp: { text: 'Control en 7 días.', evidence: ['seg-3'] },
  pertinentNegatives: [{ text: 'Niega alergias.', evidence: ['seg-1'] }],
};

describe('NoteDraft', () => {
  it('round-trips a note unchanged, evidence included', () => {
    expect(fromDraft(toDraft(NOTE))).toEqual({ ok: true, note: NOTE });
  });

  it('shows numbers with a decimal comma and reads them back with either mark', () => {
    const draft = toDraft(NOTE);
    expect(draft.vitals.temperature).toBe('38,5');
    draft.vitals.temperature = '37.8';
    draft.vitals.weight = '72,4';
    const result = fromDraft(draft);
    expect(result.ok && result.note.vitals.temperature).toEqual({ value: 37.8, evidence: ['seg-2'] });
    // A value the doctor adds cites nothing: it is theirs.
    expect(result.ok && result.note.vitals.weight).toEqual({ value: 72.4, evidence: [] });
  });

  it('drops blank rows, keeps edited items with their evidence, and turns empty fields into null', () => {
    const draft = toDraft(NOTE);
    draft.medications[0]!.dose = '400 mg';
    draft.medications[0]!.frequency = '  ';
    draft.medications.push({ name: '', dose: '', route: '', frequency: '', duration: '', action: 'inicia', evidence: [] });
    draft.diagnoses[0]!.cie10 = 'j02';
    draft.followUp.text = '';
    draft.pertinentNegatives[0]!.text = ' Sin fiebre. ';
    draft.pertinentNegatives.push({ text: '  ', evidence: [] }, { text: 'Sin vómitos.', evidence: [] });
    const result = fromDraft(draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.note.medications).toEqual([{ ...NOTE.medications[0], dose: '400 mg', frequency: null }]);
    expect(result.note.diagnoses[0]?.cie10).toBe('J02');
    expect(result.note.followUp).toBeNull();
    // An edited negative keeps the evidence grounding checks it against; one the doctor adds cites nothing.
    expect(result.note.pertinentNegatives).toEqual([
      { text: 'Sin fiebre.', evidence: ['seg-1'] },
      { text: 'Sin vómitos.', evidence: [] },
    ]);
  });

  it('refuses what is not a note, in Spanish, instead of saving it', () => {
    const draft = toDraft(NOTE);
    draft.vitals.temperature = 'treinta y ocho';
    draft.vitals.diastolic = '';
    expect(fromDraft(draft)).toEqual({
      ok: false,
      // In the form's order: pressure first.
      problems: ['Presión arterial: escriba la sistólica y la diastólica.', 'Temperatura: escriba un número (por ejemplo 38,5).'],
    });
    const unnamed = toDraft(NOTE);
    unnamed.medications[0]!.name = ' ';
    const result = fromDraft(unnamed);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual(['medicamentos 1 › nombre: No puede estar vacío.']);
  });
});
