/**
 * The clinical note's shape: one zod definition that yields the TypeScript types, the runtime
 * validator (`parseNote`, problems in Spanish) and the JSON Schema that constrains generation
 * (`noteJsonSchema`, for web-llm's `response_format: { type: 'json_object', schema }` and
 * xgrammar).
 *
 * Narrative sections come from the template (one property per section id, all required); the
 * structured lists are fixed, because safety checks, grounding and FHIR export need them. Among
 * them, `pertinentNegatives`: what was asked and denied («Niega alergias», «Sin fiebre»), which a
 * reader of the record needs as much as what was found. Every
 * item, and every section, carries `evidence`: the transcript segment ids it rests on ("s3" in a
 * prompt; the app's segment ids once stored, see segmentRefs.ts).
 *
 * Number or string, decided per field so that grounding can compare what was said:
 * - Vital signs are JSON numbers in one fixed unit each (VITAL_UNITS): the model has one way to
 *   write "catorce nueve" (140/90) or "38 y medio" (38.5), and grounding converts what was said
 *   into the same unit before comparing numerically.
 * - Medication dose, frequency and duration are strings as said ("600 mg", "cada 8 horas",
 *   "7 días"): their units and forms vary too much for one numeric field (mg, ml, gotas, UI,
 *   "medio comprimido", "en ayunas"). Grounding extracts every number with its unit from the
 *   string and requires it in the cited text (words, decimal commas and g↔mg handled there).
 *
 * The generation schema stays plain: objects with every property required and
 * `additionalProperties: false`, arrays, enums, strings, numbers and `anyOf [X, null]`. Checks
 * JSON Schema keywords would express (non-empty text, ranges, the CIE-10 format) are zod
 * refinements instead, which `z.toJSONSchema` leaves out: the validator enforces them, the grammar
 * never sees a keyword xgrammar might not take. noteSchema.test.ts holds the keyword whitelist.
 */
import { z } from '../shared/zod';
import type { NoteTemplate } from '../storage/types';

export const MEDICATION_ACTIONS = ['continúa', 'inicia', 'suspende', 'modifica', 'mencionada'] as const;
export const DIAGNOSIS_CERTAINTIES = ['presuntivo', 'confirmado', 'descartado'] as const;
export const VITAL_KEYS = [
  'bloodPressure',
  'heartRate',
  'respiratoryRate',
  'temperature',
  'spo2',
  'weight',
  'height',
] as const;
/** The one unit each vital sign is written in. */
export const VITAL_UNITS = {
  bloodPressure: 'mmHg',
  heartRate: 'lpm',
  respiratoryRate: 'rpm',
  temperature: '°C',
  spo2: '%',
  weight: 'kg',
  height: 'cm',
} as const satisfies Record<(typeof VITAL_KEYS)[number], string>;

/** Wide physiological bounds: a value outside them is a unit mistake (385 °C, 1.7 cm), not a patient. */
const VITAL_RANGES = {
  systolic: [40, 300],
  diastolic: [20, 200],
  heartRate: [20, 300],
  respiratoryRate: [4, 120],
  temperature: [30, 45],
  spo2: [40, 100],
  weight: [0.3, 400],
  height: [20, 250],
} as const;

const nonBlank = (value: string) => value.trim().length > 0;
const Text = z.string().refine(nonBlank, 'No puede estar vacío.');
const OptionalText = z.string().nullable();
const CIE10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

function inRange([min, max]: readonly [number, number]) {
  return (value: number) => Number.isFinite(value) && value >= min && value <= max;
}
function rangeMessage([min, max]: readonly [number, number], unit: string): string {
  return `Debe estar entre ${min} y ${max} ${unit}.`;
}

/** How evidence ids are constrained: free strings (stored notes) or exactly the prompt's ids. */
function evidenceSchema(evidenceIds?: readonly string[]) {
  if (evidenceIds === undefined) {
    return z.array(z.string().refine(nonBlank, 'El identificador de fragmento no puede estar vacío.'));
  }
  const [first, ...rest] = evidenceIds;
  if (first === undefined) throw new RangeError('Sin fragmentos de transcripción no hay evidencia que citar.');
  return z.array(z.enum([first, ...rest]));
}

function buildItemSchemas(evidenceIds?: readonly string[]) {
  const evidence = evidenceSchema(evidenceIds).describe('Ids of the transcript segments this rests on.');
  const measured = (range: readonly [number, number], unit: string) =>
    z
      .strictObject({ value: z.number().refine(inRange(range), rangeMessage(range, unit)), evidence })
      .nullable()
      .describe(`In ${unit}; null when not said.`);

  const section = z.strictObject({ text: z.string(), evidence }).describe('Narrative text; "" when nothing was said.');
  const medication = z.strictObject({
    name: Text,
    dose: OptionalText.describe('As said, with its unit: "600 mg", "medio comprimido".'),
    route: OptionalText,
    frequency: OptionalText.describe('As said: "cada 8 horas".'),
    duration: OptionalText.describe('As said: "7 días".'),
    action: z.enum(MEDICATION_ACTIONS),
    evidence,
  });
  const allergy = z.strictObject({ substance: Text, reaction: OptionalText, evidence });
  const diagnosis = z.strictObject({
    text: Text,
    cie10: z
      .string()
      .refine((code) => CIE10.test(code), 'El código CIE-10 debe tener la forma «J02» o «J02.9».')
      .nullable(),
    certainty: z.enum(DIAGNOSIS_CERTAINTIES),
    evidence,
  });
  const bloodPressure = z
    .strictObject({
      systolic: z.number().refine(inRange(VITAL_RANGES.systolic), rangeMessage(VITAL_RANGES.systolic, 'mmHg')),
      diastolic: z.number().refine(inRange(VITAL_RANGES.diastolic), rangeMessage(VITAL_RANGES.diastolic, 'mmHg')),
      evidence,
    })
    .refine((bp) => bp.systolic > bp.diastolic, 'La sistólica debe ser mayor que la diastólica.')
    .nullable();
  const vitals = z.strictObject({
    bloodPressure,
    heartRate: measured(VITAL_RANGES.heartRate, VITAL_UNITS.heartRate),
    respiratoryRate: measured(VITAL_RANGES.respiratoryRate, VITAL_UNITS.respiratoryRate),
    temperature: measured(VITAL_RANGES.temperature, VITAL_UNITS.temperature),
    spo2: measured(VITAL_RANGES.spo2, VITAL_UNITS.spo2),
    weight: measured(VITAL_RANGES.weight, VITAL_UNITS.weight),
    height: measured(VITAL_RANGES.height, VITAL_UNITS.height),
  });
  const textItem = z.strictObject({ text: Text, evidence });
  const referral = z.strictObject({
    specialty: Text.describe('Specialty or service: "Cardiología", "kinesiología".'),
    reason: OptionalText,
    evidence,
  });
  const lists = {
    medications: z.array(medication),
    allergies: z.array(allergy),
    diagnoses: z.array(diagnosis),
    vitals,
    orders: z.array(textItem).describe('Studies ordered (estudios).'),
    referrals: z.array(referral),
    followUp: textItem.nullable(),
    patientInstructions: z.array(textItem),
    pertinentNegatives: z
      .array(textItem)
      .describe('Findings asked about and denied, each as a short statement: "Niega alergias", "Sin fiebre".'),
  };
  return { section, lists };
}

const generic = buildItemSchemas();

/**
 * A note with any template's sections: the stored form and the type the rest of the app uses. Notes
 * stored before `pertinentNegatives` existed read as having none: parsing fills in the empty list,
 * so no stored version has to be rewritten (a signed one must not be) and every reader sees a
 * complete note. The generation schema keeps the list required: the model must always answer it.
 */
export const NoteSchema = z.strictObject({
  sections: z.record(z.string(), generic.section),
  ...generic.lists,
  pertinentNegatives: generic.lists.pertinentNegatives.default([]),
});

export type ClinicalNote = z.infer<typeof NoteSchema>;
export type NoteSection = ClinicalNote['sections'][string];
export type Medication = ClinicalNote['medications'][number];
export type Allergy = ClinicalNote['allergies'][number];
export type Diagnosis = ClinicalNote['diagnoses'][number];
export type Vitals = ClinicalNote['vitals'];
export type VitalKey = (typeof VITAL_KEYS)[number];
export type BloodPressure = NonNullable<Vitals['bloodPressure']>;
export type Measurement = NonNullable<Vitals['heartRate']>;
export type TextItem = ClinicalNote['orders'][number];
export type Referral = ClinicalNote['referrals'][number];
export type PertinentNegative = ClinicalNote['pertinentNegatives'][number];
export type MedicationAction = (typeof MEDICATION_ACTIONS)[number];
export type DiagnosisCertainty = (typeof DIAGNOSIS_CERTAINTIES)[number];

export interface NoteSchemaOptions {
  /** When given, evidence may only be these ids (the prompt's "s1"…"sn"): the grammar cannot cite a segment that does not exist. */
  evidenceIds?: readonly string[];
}

/** The note for one template: `sections` has exactly the template's section ids, in its order. */
export function noteSchemaFor(template: Pick<NoteTemplate, 'sections'>, options: NoteSchemaOptions = {}) {
  const { section, lists } = buildItemSchemas(options.evidenceIds);
  const sections = Object.fromEntries(
    template.sections.map((s) => [s.id, section.describe(`${s.title}: ${s.guidance}`)] as const),
  );
  return z.strictObject({ sections: z.strictObject(sections), ...lists });
}

/** The JSON Schema that constrains generation for `template` (pass `JSON.stringify` of it to web-llm). */
export function noteJsonSchema(template: Pick<NoteTemplate, 'sections'>, options: NoteSchemaOptions = {}): Record<string, unknown> {
  const schema = z.toJSONSchema(noteSchemaFor(template, options), { target: 'draft-2020-12', io: 'output' });
  // The grammar needs only the shape; `$schema` is a keyword xgrammar has no use for.
  const { $schema: _ignored, ...plain } = schema;
  return plain;
}

export type ParseNoteResult = { ok: true; note: ClinicalNote } | { ok: false; problems: string[] };

/**
 * Validates a parsed note (model output or stored content). With a template, `sections` must have
 * exactly its section ids. Problems are Spanish, each prefixed by where it is ("medicamentos 1 ›
 * dosis: …").
 */
export function parseNote(value: unknown, template?: Pick<NoteTemplate, 'sections'>): ParseNoteResult {
  const schema = template ? noteSchemaFor(template) : NoteSchema;
  const result = schema.safeParse(value, { error: z.locales.es().localeError });
  if (result.success) return { ok: true, note: result.data };
  return { ok: false, problems: result.error.issues.map(describeIssue) };
}

/** A note with nothing in it, for `template`: the starting point for a doctor writing by hand. */
export function emptyNote(template: Pick<NoteTemplate, 'sections'>): ClinicalNote {
  return {
    sections: Object.fromEntries(template.sections.map((s) => [s.id, { text: '', evidence: [] }])),
    medications: [],
    allergies: [],
    diagnoses: [],
    vitals: {
      bloodPressure: null,
      heartRate: null,
      respiratoryRate: null,
      temperature: null,
      spo2: null,
      weight: null,
      height: null,
    },
    orders: [],
    referrals: [],
    followUp: null,
    patientInstructions: [],
    pertinentNegatives: [],
  };
}

const PATH_LABELS: Record<string, string> = {
  sections: 'secciones',
  medications: 'medicamentos',
  allergies: 'alergias',
  diagnoses: 'diagnósticos',
  vitals: 'signos vitales',
  orders: 'estudios',
  referrals: 'derivaciones',
  followUp: 'control',
  patientInstructions: 'indicaciones',
  pertinentNegatives: 'negativos pertinentes',
  evidence: 'evidencia',
  text: 'texto',
  name: 'nombre',
  dose: 'dosis',
  route: 'vía',
  frequency: 'frecuencia',
  duration: 'duración',
  action: 'acción',
  substance: 'sustancia',
  reaction: 'reacción',
  cie10: 'CIE-10',
  certainty: 'certeza',
  bloodPressure: 'presión arterial',
  systolic: 'sistólica',
  diastolic: 'diastólica',
  heartRate: 'frecuencia cardíaca',
  respiratoryRate: 'frecuencia respiratoria',
  temperature: 'temperatura',
  spo2: 'saturación',
  weight: 'peso',
  height: 'talla',
  value: 'valor',
  specialty: 'especialidad',
  reason: 'motivo',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const parts: string[] = [];
  issue.path.forEach((part, i) => {
    if (typeof part === 'number') {
      parts.push(`${parts.pop() ?? ''} ${part + 1}`.trim());
      return;
    }
    const key = String(part);
    // A section's own id is the doctor's word, not a field name.
    parts.push(issue.path[i - 1] === 'sections' ? `«${key}»` : (PATH_LABELS[key] ?? key));
  });
  return parts.length > 0 ? `${parts.join(' › ')}: ${issue.message}` : issue.message;
}
