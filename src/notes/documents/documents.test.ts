import { describe, expect, it } from 'vitest';
import type { NoteEngine, NoteGenerationRequest } from '../engine/noteEngine';
import { emptyNote, type ClinicalNote } from '../noteSchema';
import { builtInTemplate } from '../templates';
import { groundDocument } from './documentGrounding';
import { documentJsonSchema, parseDocument, type DocumentContent, type PatientInstructions, type ReferralLetter } from './documentSchema';
import { documentSheet, sheetToPlainText } from './documentSheet';
import { readsAsAlarmSign } from './documentTemplate';
import { InvalidDocumentAnswerError, MAX_DOCUMENT_OUTPUT_TOKENS, generateDocument, templateDocument } from './generateDocument';

const SOAP = builtInTemplate('soap')!;
const ev = { evidence: ['s1'] };

const NOTE: ClinicalNote = {
  ...emptyNote(SOAP),
  sections: {
    subjetivo: { text: 'Dolor de cabeza y fiebre de 2 días. Hipertensión en tratamiento.', ...ev },
    objetivo: { text: 'Temperatura 38 °C. Presión 150/95 mmHg.', ...ev },
    evaluacion: { text: 'Cuadro viral. Hipertensión no controlada.', ...ev },
    plan: { text: 'Paracetamol 500 mg cada 8 horas por 3 días. Suspende enalapril, inicia losartán 50 mg por día.', ...ev },
  },
  medications: [
    { name: 'Paracetamol', dose: '500 mg', route: 'oral', frequency: 'cada 8 horas', duration: '3 días', action: 'inicia', ...ev },
    { name: 'Enalapril', dose: '10 mg', route: null, frequency: 'una vez por día', duration: null, action: 'suspende', ...ev },
    { name: 'Losartán', dose: '50 mg', route: null, frequency: 'una vez por día', duration: null, action: 'inicia', ...ev },
    { name: 'Ibuprofeno', dose: null, route: null, frequency: null, duration: null, action: 'mencionada', ...ev },
  ],
  diagnoses: [
    { text: 'Cuadro viral', cie10: null, certainty: 'presuntivo', ...ev },
    { text: 'Hipertensión arterial', cie10: 'I10', certainty: 'confirmado', ...ev },
  ],
  orders: [{ text: 'Electrocardiograma', ...ev }],
  referrals: [{ specialty: 'Cardiología', reason: 'Hipertensión no controlada', ...ev }],
  followUp: { text: 'Volver si persiste la fiebre a las 72 horas.', ...ev },
  patientInstructions: [
    { text: 'Tomar abundante líquido.', ...ev },
    { text: 'Si tiene dolor de pecho, consultar a la guardia.', ...ev },
  ],
};

const instructions = (content: Partial<PatientInstructions>): DocumentContent => ({
  kind: 'instrucciones',
  content: { medications: [], stopTaking: [], whenToReturn: null, alarmSigns: [], care: [], ...content },
});
const letter = (content: Partial<ReferralLetter>): DocumentContent => ({
  kind: 'derivacion',
  content: { recipient: null, reason: null, summary: null, currentMedications: [], studies: [], question: null, ...content },
});

describe('documents from the note with no model', () => {
  it('puts what to take, what to stop, when to return, alarm signs and care where the note’s actions say, with no flag', () => {
    const { document, findings } = templateDocument('instrucciones', NOTE, SOAP);
    expect(document).toEqual(
      instructions({
        medications: [
          { name: 'Paracetamol', dose: '500 mg', howToTake: 'cada 8 horas, vía oral', duration: '3 días' },
          { name: 'Losartán', dose: '50 mg', howToTake: 'una vez por día', duration: null },
        ],
        stopTaking: ['Enalapril'],
        whenToReturn: 'Volver si persiste la fiebre a las 72 horas.',
        alarmSigns: ['Si tiene dolor de pecho, consultar a la guardia.'],
        care: ['Tomar abundante líquido.'],
      }),
    );
    expect(findings).toEqual([]);
  });

  it('writes the letter to the referral’s specialty with its reason, the narrative, current drugs and studies, with no flag', () => {
    const { document, findings } = templateDocument('derivacion', NOTE, SOAP);
    expect(document).toEqual(
      letter({
        recipient: 'Cardiología',
        reason: 'Hipertensión no controlada',
        summary:
          'Dolor de cabeza y fiebre de 2 días. Hipertensión en tratamiento. Temperatura 38 °C. Presión 150/95 mmHg. Cuadro viral. Hipertensión no controlada. Paracetamol 500 mg cada 8 horas por 3 días. Suspende enalapril, inicia losartán 50 mg por día.',
        currentMedications: ['Paracetamol 500 mg, cada 8 horas, oral, durante 3 días', 'Losartán 50 mg, una vez por día'],
        studies: ['Electrocardiograma'],
      }),
    );
    expect(findings).toEqual([]);
  });

  it('leaves empty what the note does not have', () => {
    const bare = { ...emptyNote(SOAP) };
    expect(templateDocument('derivacion', bare, SOAP).document).toEqual(letter({}));
    expect(templateDocument('instrucciones', bare, SOAP).document).toEqual(instructions({}));
  });

  it('reads «Si …», «Ante …», «consultar», «guardia» as alarm signs, other advice as care', () => {
    expect(['Si tiene fiebre, volver.', 'Ante dificultad para respirar, ir a la guardia.', 'Consultar por urgencias si hay sangrado.'].map(readsAsAlarmSign)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['Reposo relativo.', 'Tomar abundante líquido.', 'Sigue con la dieta.'].map(readsAsAlarmSign)).toEqual([false, false, false]);
  });
});

describe('groundDocument', () => {
  const reasons = (doc: DocumentContent) => groundDocument(doc, NOTE).map((f) => `${f.path}: ${f.reason}`);

  it('flags a drug the note does not have, a dose that is another drug’s, and a stopped drug listed to take', () => {
    expect(
      reasons(
        instructions({
          medications: [
            { name: 'Amoxicilina', dose: '500 mg', howToTake: null, duration: null },
            { name: 'Losartán', dose: '500 mg', howToTake: 'una vez por día', duration: null },
            { name: 'Enalapril', dose: '10 mg', howToTake: null, duration: null },
            { name: 'Paracetamol', dose: '500 mg', howToTake: 'cada 8 horas', duration: '5 días' },
          ],
        }),
      ),
    ).toEqual([
      'medications.0: «Amoxicilina» no figura entre los medicamentos de la nota.',
      'medications.1: No figura en la nota para Losartán: «500 mg».',
      'medications.2: La nota suspende «Enalapril»; aquí figura como medicación a tomar.',
      'medications.3: No figura en la nota para Paracetamol: «5 días».',
    ]);
  });

  it('flags stopping a drug the note does not stop', () => {
    expect(reasons(instructions({ stopTaking: ['Losartán', 'Enalapril'] }))).toEqual(['stopTaking.0: La nota no suspende «Losartán».']);
  });

  it('flags an alarm sign, a care item or a return time the note does not say; a plain rewording of what it says passes', () => {
    expect(
      reasons(
        instructions({
          whenToReturn: 'Vuelva a la consulta en 5 días.',
          alarmSigns: ['Dolor de pecho.', 'Falta de aire.'],
          care: ['Reposo absoluto.'],
        }),
      ),
    ).toEqual([
      'whenToReturn: No figura en la nota: «5 días».',
      'alarmSigns.1: No figura en la nota: «falta», «aire».',
      'care.0: No figura en la nota: «reposo», «absoluto».',
    ]);
    expect(reasons(instructions({ whenToReturn: 'Vuelva a la consulta si la fiebre sigue después de 72 horas.', care: ['Tome abundante líquido.'] }))).toEqual([]);
  });

  it('flags a line with nothing readable in it (punctuation a confused model wrote) instead of printing it unchecked', () => {
    expect(reasons(letter({ reason: ':{.', summary: '—', studies: ['])', 'Electrocardiograma'] }))).toEqual([
      'reason: No dice nada legible: «:{.».',
      'summary: No dice nada legible: «—».',
      'studies.0: No dice nada legible: «])».',
    ]);
  });

  it('holds the letter to the note too: its current drugs, studies and text', () => {
    expect(
      reasons(
        letter({
          recipient: 'Neurología',
          currentMedications: ['Losartán 100 mg, una vez por día', 'Enalapril 10 mg, una vez por día'],
          studies: ['Resonancia de cerebro'],
          question: '¿Sugiere una resonancia?',
        }),
      ),
    ).toEqual([
      'recipient: No figura en la nota: «neurologia».',
      'currentMedications.0: No figura en la nota para Losartán: «100 mg».',
      'currentMedications.1: La nota suspende «Enalapril»; aquí figura como medicación a tomar.',
      'studies.0: No figura en la nota: «resonancia», «cerebro».',
      'question: No figura en la nota: «resonancia».',
    ]);
  });
});

describe('documentJsonSchema', () => {
  const PLAIN = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'description']);
  function nodes(schema: unknown): Record<string, unknown>[] {
    if (typeof schema !== 'object' || schema === null) return [];
    const node = schema as Record<string, unknown>;
    return [
      node,
      ...Object.values((node.properties as object | undefined) ?? {}).flatMap(nodes),
      ...nodes(node.items),
      ...((node.anyOf as unknown[] | undefined) ?? []).flatMap(nodes),
    ];
  }

  it.each(['instrucciones', 'derivacion'] as const)('%s: only plain keywords, every property required', (kind) => {
    for (const node of nodes(documentJsonSchema(kind))) {
      expect(Object.keys(node).filter((key) => !PLAIN.has(key))).toEqual([]);
      if (node.type === 'object') {
        expect(node.additionalProperties).toBe(false);
        expect([...(node.required as string[])].sort()).toEqual(Object.keys(node.properties as object).sort());
      }
    }
  });

  it('refuses a blank required text, with the problem in Spanish', () => {
    const parsed = parseDocument('instrucciones', { ...instructions({}).content, alarmSigns: ['  '] });
    expect(parsed).toEqual({ ok: false, problems: ['signos de alarma › 1: No puede estar vacío.'] });
  });
});

/** A model that answers each call with the next text. */
function scriptedEngine(answers: string[], outputTokens = 100): { engine: Pick<NoteEngine, 'generate'>; requests: NoteGenerationRequest[] } {
  const requests: NoteGenerationRequest[] = [];
  return {
    requests,
    engine: {
      async generate(request) {
        requests.push(request);
        const text = answers.shift() ?? '';
        return { text, promptTokens: 500, outputTokens, timeToFirstTokenMs: 10, totalMs: 100 };
      },
    },
  };
}

describe('generateDocument', () => {
  it('asks the model with the note (not the transcript) under the document schema, and grounds its answer', async () => {
    const answer = instructions({ medications: [{ name: 'Ibuprofeno', dose: '600 mg', howToTake: null, duration: null }] }).content;
    const { engine, requests } = scriptedEngine([JSON.stringify(answer)]);
    const result = await generateDocument({ engine, kind: 'instrucciones', note: NOTE, template: SOAP });
    expect(result.document.content).toEqual(answer);
    expect(result.findings.map((f) => f.reason)).toEqual(['No figura en la nota para Ibuprofeno: «600 mg».']);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.jsonSchema).toEqual(documentJsonSchema('instrucciones'));
    expect(requests[0]!.maxTokens).toBe(MAX_DOCUMENT_OUTPUT_TOKENS);
    expect(requests[0]!.messages.at(-1)?.content).toContain('Paracetamol 500 mg, cada 8 horas, vía oral, durante 3 días (inicia)');
    expect(requests[0]!.messages[0]!.content).toMatch(/^Tarea: escribir las indicaciones para el paciente/);
  });

  it('asks once more with the problems, then gives up with a named error instead of a broken document', async () => {
    const { engine, requests } = scriptedEngine(['{"recipient":', '{"recipient":"x"}'], MAX_DOCUMENT_OUTPUT_TOKENS);
    const failure = generateDocument({ engine, kind: 'derivacion', note: NOTE, template: SOAP });
    await expect(failure).rejects.toBeInstanceOf(InvalidDocumentAnswerError);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.messages.at(-1)?.content).toMatch(/^Un intento anterior no fue válido: la respuesta se cortó por larga: escribir más breve; la respuesta no es JSON completo\./);
  });
});

describe('documentSheet', () => {
  it('reads as short plain lines, marks a sheet made from an unsigned note, and leaves out what is empty', () => {
    const { document } = templateDocument('instrucciones', NOTE, SOAP);
    const sheet = documentSheet(document, { patientLabel: 'María Gómez', date: new Date(2026, 2, 3), fromDraft: true });
    expect(sheetToPlainText(sheet)).toBe(
      [
        'Indicaciones para el paciente\nPaciente: María Gómez\nFecha: 03/03/2026',
        'BORRADOR: hecho con una nota que todavía no está firmada.',
        'Qué tomar\n- Paracetamol 500 mg: cada 8 horas, vía oral, durante 3 días.\n- Losartán 50 mg: una vez por día.',
        'Deje de tomar\n- Enalapril.',
        'Cuándo volver\nVolver si persiste la fiebre a las 72 horas.',
        'Signos de alarma: consulte enseguida\n- Si tiene dolor de pecho, consultar a la guardia.',
        'Cuidados\n- Tomar abundante líquido.',
      ].join('\n\n'),
    );
    const bare = documentSheet(letter({}), { patientLabel: '', date: new Date(2026, 2, 3), fromDraft: false });
    expect(sheetToPlainText(bare)).toBe('Carta de derivación\nFecha: 03/03/2026\nPara: (completar especialidad o servicio)\n\nEstimada/o colega:\n\nAtentamente,');
  });

  it('names the professional when «Datos del profesional» are filled in, and signs the letter with them', () => {
    const professional = { name: 'Dra. Ana Gómez', license: 'MN 123456' };
    const signed = documentSheet(letter({ recipient: 'Cardiología' }), { patientLabel: 'Juan', date: new Date(2026, 2, 3), fromDraft: false, professional });
    expect(signed.meta).toEqual(['Paciente: Juan', 'Fecha: 03/03/2026', 'Profesional: Dra. Ana Gómez · Matrícula MN 123456', 'Para: Cardiología']);
    expect(sheetToPlainText(signed).endsWith('Atentamente,\n\nDra. Ana Gómez · Matrícula MN 123456')).toBe(true);
    const sheet = documentSheet(instructions({}), { patientLabel: 'Juan', date: new Date(2026, 2, 3), fromDraft: false, professional: { name: '', license: '' } });
    expect(sheet.meta).toEqual(['Paciente: Juan', 'Fecha: 03/03/2026']);
  });
});
