/**
 * The documents Escriba writes from a note, one zod definition per kind: the TypeScript types, the
 * validator (`parseDocument`, problems in Spanish) and the JSON Schema that constrains the note
 * model when it writes one (`documentJsonSchema`).
 *
 * - «Indicaciones para el paciente» (`instrucciones`): what to take (drug, dose, how, for how
 *   long), what to stop taking, when to come back, alarm signs and care, in plain words.
 * - «Carta de derivación» (`derivacion`): to whom (a specialty or service), why, a summary, current
 *   medication, studies, and the question for the specialist.
 *
 * Every field may be empty (null, or an empty list): a document says only what its note says, and a
 * note often has no referral or no alarm sign. The doctor fills what is missing. As in the note
 * schema, the generation schema keeps to plain keywords (objects with every property required,
 * arrays, strings, `anyOf [string, null]`); non-blank strings are zod refinements the grammar never
 * sees.
 */
import { z } from '../../shared/zod';

export const DOCUMENT_KINDS = ['instrucciones', 'derivacion'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The documents' names: what the doctor reads on the buttons and on the sheets. */
export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  instrucciones: 'Indicaciones para el paciente',
  derivacion: 'Carta de derivación',
};

const nonBlank = (value: string) => value.trim().length > 0;
const Text = z.string().refine(nonBlank, 'No puede estar vacío.');
const OptionalText = z.string().nullable();

const medicationToTake = z.strictObject({
  name: Text.describe('The drug, as the note names it.'),
  dose: OptionalText.describe('As in the note: "500 mg".'),
  howToTake: OptionalText.describe('When and how, in plain words: "cada 8 horas", "una vez por día, con el desayuno".'),
  duration: OptionalText.describe('For how long: "3 días".'),
});

export const PatientInstructionsSchema = z.strictObject({
  medications: z.array(medicationToTake).describe('What to take (started, continued or changed in the note).'),
  stopTaking: z.array(Text).describe('Drugs the note stops: the patient must not take them any more.'),
  whenToReturn: OptionalText.describe('When to come back, as the note says.'),
  alarmSigns: z.array(Text).describe('Signs that call for a consultation at once, only those the note names.'),
  care: z.array(Text).describe('Other care and advice from the note, one per item.'),
});

export const ReferralLetterSchema = z.strictObject({
  recipient: OptionalText.describe('Specialty or service the patient is referred to.'),
  reason: OptionalText.describe('Why the patient is referred.'),
  summary: OptionalText.describe('Short clinical summary from the note.'),
  currentMedications: z.array(Text).describe('Current medication: drug, dose and frequency.'),
  studies: z.array(Text).describe('Studies ordered or done.'),
  question: OptionalText.describe('What the referring doctor asks the specialist.'),
});

export type PatientInstructions = z.infer<typeof PatientInstructionsSchema>;
export type ReferralLetter = z.infer<typeof ReferralLetterSchema>;
export type MedicationToTake = PatientInstructions['medications'][number];

export type DocumentContent =
  | { kind: 'instrucciones'; content: PatientInstructions }
  | { kind: 'derivacion'; content: ReferralLetter };

const SCHEMAS = { instrucciones: PatientInstructionsSchema, derivacion: ReferralLetterSchema } as const;

/** The JSON Schema that constrains the model for `kind`. */
export function documentJsonSchema(kind: DocumentKind): Record<string, unknown> {
  const schema = z.toJSONSchema(SCHEMAS[kind], { target: 'draft-2020-12', io: 'output' });
  const { $schema: _ignored, ...plain } = schema;
  return plain;
}

export type ParseDocumentResult = { ok: true; document: DocumentContent } | { ok: false; problems: string[] };

const PATH_LABELS: Record<string, string> = {
  medications: 'qué tomar',
  name: 'medicamento',
  dose: 'dosis',
  howToTake: 'cómo tomarlo',
  duration: 'duración',
  stopTaking: 'dejar de tomar',
  whenToReturn: 'cuándo volver',
  alarmSigns: 'signos de alarma',
  care: 'cuidados',
  recipient: 'destinatario',
  reason: 'motivo',
  summary: 'resumen',
  currentMedications: 'medicación actual',
  studies: 'estudios',
  question: 'pregunta al especialista',
};

/** Validates a document of `kind` (the model's answer, an edit, or stored content). */
export function parseDocument(kind: DocumentKind, value: unknown): ParseDocumentResult {
  const result = SCHEMAS[kind].safeParse(value, { error: z.locales.es().localeError });
  if (result.success) return { ok: true, document: { kind, content: result.data } as DocumentContent };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const where = issue.path.map((part) => (typeof part === 'number' ? String(part + 1) : (PATH_LABELS[String(part)] ?? String(part))));
      return where.length > 0 ? `${where.join(' › ')}: ${issue.message}` : issue.message;
    }),
  };
}

export function emptyDocument(kind: DocumentKind): DocumentContent {
  return kind === 'instrucciones'
    ? { kind, content: { medications: [], stopTaking: [], whenToReturn: null, alarmSigns: [], care: [] } }
    : { kind, content: { recipient: null, reason: null, summary: null, currentMedications: [], studies: [], question: null } };
}
