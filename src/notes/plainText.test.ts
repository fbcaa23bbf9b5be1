import { describe, expect, it } from 'vitest';
import { emptyNote, type ClinicalNote } from './noteSchema';
import { medicationLine, noteToPlainText, vitalsLine } from './plainText';
import { builtInTemplate } from './templates';

const SOAP = builtInTemplate('soap')!;

const NOTE: ClinicalNote = {
  ...emptyNote(SOAP),
  sections: {
    subjetivo: { text: 'Fiebre y odinofagia de 3 días de evolución.', evidence: ['s2'] },
    objetivo: { text: 'Fauces eritematosas con exudado.', evidence: ['s4'] },
    evaluacion: { text: '', evidence: [] },
    plan: { text: 'Antibiótico y control.', evidence: ['s5', 's6'] },
    // A section the template no longer has (the doctor renamed it after this note was written).
    notas_extra: { text: 'Trae estudios previos.', evidence: ['s7'] },
  },
  medications: [
    { name: 'Amoxicilina', dose: '500 mg', route: 'oral', frequency: 'cada 8 horas', duration: '7 días', action: 'inicia', evidence: ['s5'] },
    { name: 'Ibuprofeno', dose: '600 mg', route: null, frequency: 'si hay dolor', duration: null, action: 'continúa', evidence: ['s3'] },
    { name: 'Enalapril', dose: null, route: null, frequency: null, duration: null, action: 'suspende', evidence: ['s8'] },
  ],
  allergies: [
    { substance: 'Dipirona', reaction: 'urticaria', evidence: ['s9'] },
    { substance: 'Látex', reaction: null, evidence: ['s9'] },
  ],
  diagnoses: [
    { text: 'Faringoamigdalitis aguda', cie10: 'J03.9', certainty: 'presuntivo', evidence: ['s4'] },
    { text: 'Mononucleosis', cie10: null, certainty: 'descartado', evidence: ['s4'] },
  ],
  vitals: {
    bloodPressure: { systolic: 120, diastolic: 80, evidence: ['s4'] },
    heartRate: { value: 96, evidence: ['s4'] },
    respiratoryRate: null,
    temperature: { value: 38.5, evidence: ['s4'] },
    spo2: { value: 98, evidence: ['s4'] },
    weight: { value: 62.3, evidence: ['s4'] },
    height: null,
  },
  orders: [{ text: 'Hisopado de fauces', evidence: ['s5'] }],
  referrals: [{ specialty: 'Otorrinolaringología', reason: 'amigdalitis a repetición', evidence: ['s6'] }],
  followUp: { text: 'Control en 48 horas.', evidence: ['s6'] },
  patientInstructions: [{ text: 'Abundante líquido y reposo.', evidence: ['s6'] }],
  pertinentNegatives: [
    { text: 'Niega tos.', evidence: ['s2'] },
    { text: ' Sin disnea. ', evidence: ['s2'] },
  ],
};

describe('noteToPlainText', () => {
  it('renders the whole note as clean Spanish text, ready to paste', () => {
    const text = noteToPlainText(NOTE, SOAP, { patientLabel: ' Juana P. ', date: new Date(2025, 2, 7) });
    expect(text).toBe(
      [
        'SOAP',
        'Paciente: Juana P. · Fecha: 07/03/2025',
        '',
        'Subjetivo',
        'Fiebre y odinofagia de 3 días de evolución.',
        '',
        'Objetivo',
        'Fauces eritematosas con exudado.',
        '',
        'Plan',
        'Antibiótico y control.',
        '',
        'Notas extra',
        'Trae estudios previos.',
        '',
        'Signos vitales: TA 120/80 mmHg · FC 96 lpm · T 38,5 °C · SatO2 98 % · Peso 62,3 kg',
        '',
        'Medicación',
        '- Amoxicilina 500 mg, cada 8 horas, vía oral, durante 7 días (inicia)',
        '- Ibuprofeno 600 mg, si hay dolor (continúa)',
        '- Enalapril (suspende)',
        '',
        'Alergias',
        '- Dipirona (urticaria)',
        '- Látex',
        '',
        'Negativos pertinentes',
        '- Niega tos.',
        '- Sin disnea.',
        '',
        'Diagnósticos',
        '- Faringoamigdalitis aguda, presuntivo (CIE-10 J03.9)',
        '- Mononucleosis, descartado',
        '',
        'Estudios solicitados',
        '- Hisopado de fauces',
        '',
        'Derivaciones',
        '- Otorrinolaringología: amigdalitis a repetición',
        '',
        'Control',
        'Control en 48 horas.',
        '',
        'Indicaciones al paciente',
        '- Abundante líquido y reposo.',
      ].join('\n'),
    );
  });

  it('never shows evidence ids or JSON', () => {
    const text = noteToPlainText(NOTE, SOAP);
    expect(text).not.toMatch(/\bs\d+\b/);
    expect(text).not.toMatch(/[{}[\]"]/);
    expect(text).not.toContain('evidence');
  });

  it('carries open «Revisar» flags: a header line with how many, and a mark under each flagged item', () => {
    const flags = [
      { path: 'medications.0', label: 'Medicamento: Amoxicilina', reason: '«amoxicilina» no se menciona en 0:03.' },
      { path: 'sections.plan', label: 'Sección «Plan»', reason: 'No cita ningún fragmento de la transcripción.' },
      { path: 'vitals.temperature', label: 'Temperatura', reason: 'Se dijo 37,5 °C.' },
      { path: 'pertinentNegatives.1', label: 'Negativo: Sin disnea.', reason: 'La nota lo da por negado, pero en 0:09 se dijo: "me falta el aire".' },
      { path: 'followUp', label: 'Control', reason: 'En el control, 48 h no coincide.' },
    ];
    const text = noteToPlainText(NOTE, SOAP, { draft: true, flags });
    expect(text.split('\n').slice(0, 3)).toEqual([
      'SOAP',
      'BORRADOR: nota sin firmar',
      'REVISAR: 5 elementos pendientes de revisión, marcados abajo con [REVISAR: …].',
    ]);
    expect(text).toContain('Plan\nAntibiótico y control.\n[REVISAR: No cita ningún fragmento de la transcripción.]\n\n');
    expect(text).toContain(
      'Medicación\n- Amoxicilina 500 mg, cada 8 horas, vía oral, durante 7 días (inicia)\n  [REVISAR: «amoxicilina» no se menciona en 0:03.]\n- Ibuprofeno',
    );
    expect(text).toContain('Peso 62,3 kg\n[REVISAR: Temperatura: Se dijo 37,5 °C.]\n\n');
    expect(text).toContain('- Niega tos.\n- Sin disnea.\n  [REVISAR: La nota lo da por negado, pero en 0:09 se dijo: "me falta el aire".]');
    expect(text).toContain('Control\nControl en 48 horas.\n[REVISAR: En el control, 48 h no coincide.]');
    expect(text.match(/^\s*\[REVISAR: /gm)).toHaveLength(5);
  });

  it('says "1 elemento" for one flag, and never drops a flag whose item it cannot find', () => {
    const text = noteToPlainText(NOTE, SOAP, { flags: [{ path: 'orders.7', label: 'Estudio: Hemograma', reason: 'No se menciona.' }] });
    expect(text.split('\n').slice(0, 3)).toEqual([
      'SOAP',
      'REVISAR: 1 elemento pendiente de revisión, marcado abajo con [REVISAR: …].',
      '[REVISAR: Estudio: Hemograma: No se menciona.]',
    ]);
  });

  it('has no flags section without open flags', () => {
    expect(noteToPlainText(NOTE, SOAP, { flags: [] })).toBe(noteToPlainText(NOTE, SOAP));
    expect(noteToPlainText(NOTE, SOAP)).not.toContain('REVISAR');
  });

  it('leaves out empty sections and lists, and marks a draft', () => {
    expect(noteToPlainText(emptyNote(SOAP), SOAP, { draft: true, title: 'Nota de consulta' })).toBe(
      'Nota de consulta\nBORRADOR: nota sin firmar',
    );
  });
});

describe('line helpers', () => {
  it('does not double "vía" or "durante" the doctor already said', () => {
    expect(
      medicationLine({
        name: 'Salbutamol',
        dose: '2 puff',
        route: 'vía inhalatoria',
        frequency: 'cada 6 horas',
        duration: 'por 5 días',
        action: 'inicia',
        evidence: [],
      }),
    ).toBe('Salbutamol 2 puff, cada 6 horas, vía inhalatoria, por 5 días (inicia)');
  });

  it('writes only the vital signs that were taken', () => {
    expect(vitalsLine(emptyNote(SOAP).vitals)).toBe('');
    expect(vitalsLine({ ...emptyNote(SOAP).vitals, respiratoryRate: { value: 18, evidence: [] }, height: { value: 172, evidence: [] } })).toBe(
      'FR 18 rpm · Talla 172 cm',
    );
  });
});
