/**
 * An evaluation case as written on disk (format: models/eval/README.md): `NAME.txt`, the
 * consultation one turn per line («M: » médico, «P: » paciente, «A: » acompañante), and
 * `NAME.ref.json`, the facts a correct note holds. Parsing never throws: a broken file yields
 * Spanish problems that name the file, the line or the field, so one bad case is reported and the
 * others still run.
 */
import { z } from 'zod';

export const SPEAKERS = { M: 'médico', P: 'paciente', A: 'acompañante' } as const;
export type SpeakerCode = keyof typeof SPEAKERS;
export type SpeakerRole = (typeof SPEAKERS)[SpeakerCode];

export interface Turn {
  speaker: SpeakerCode;
  /** What was said, without the «M: » label: what a perfect speech recogniser would write. */
  text: string;
  /** 1-based line in NAME.txt. */
  line: number;
}

export const REFERENCE_STATUSES = ['continúa', 'nuevo', 'suspende', 'modifica'] as const;
export const REFERENCE_CERTAINTIES = ['presuntivo', 'confirmado', 'descartado'] as const;

const Text = z.string().trim().min(1, 'No puede estar vacío.');
const MaybeText = z.string().trim().min(1, 'No puede estar vacío (use null).').nullable();
const BloodPressure = z
  .string()
  .regex(/^\d{2,3}\/\d{2,3}$/, 'Debe ser «sistólica/diastólica» en mmHg, por ejemplo «150/95».');

const Medication = z.strictObject({
  name: Text,
  dose: MaybeText,
  frequency: MaybeText,
  duration: MaybeText.optional(),
  route: MaybeText.optional(),
  status: z.enum(REFERENCE_STATUSES),
});

const Vitals = z.strictObject({
  bloodPressure: BloodPressure.nullable().optional(),
  heartRate: z.number().positive().nullable().optional(),
  respiratoryRate: z.number().positive().nullable().optional(),
  temperatureC: z.number().min(30).max(45).nullable().optional(),
  spo2: z.number().min(40).max(100).nullable().optional(),
  weightKg: z.number().positive().nullable().optional(),
  heightCm: z.number().positive().nullable().optional(),
});

export const CaseReferenceSchema = z.strictObject({
  chiefComplaint: Text,
  medications: z.array(Medication),
  allergies: z.array(z.strictObject({ substance: Text, reaction: MaybeText })),
  allergiesDenied: z.boolean().optional(),
  vitals: Vitals,
  labs: z.array(z.strictObject({ name: Text, value: z.union([Text, z.number()]) })).optional(),
  diagnoses: z.array(
    z.strictObject({
      text: Text,
      icd10: z
        .string()
        .regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/, 'El código CIE-10 debe tener la forma «J02» o «J02.9».')
        .optional(),
      certainty: z.enum(REFERENCE_CERTAINTIES).optional(),
    }),
  ),
  orders: z.array(Text),
  referrals: z.array(Text).optional(),
  followUp: Text.optional(),
  negatedFindings: z.array(Text).optional(),
  mustNotContain: z.array(Text),
});

export type CaseReference = z.infer<typeof CaseReferenceSchema>;
export type ReferenceMedication = CaseReference['medications'][number];
export type ReferenceDiagnosis = CaseReference['diagnoses'][number];

export interface EvalCase {
  name: string;
  turns: Turn[];
  reference: CaseReference;
}

export type ParsedCase = { ok: true; case: EvalCase } | { ok: false; problems: string[] };

const LABEL = /^([MPA]):\s+(\S.*)$/;

/** The turns of NAME.txt; blank lines and lines starting with «#» (notes for the reader) are skipped. */
export function parseTurns(fileName: string, text: string): { turns: Turn[]; problems: string[] } {
  const turns: Turn[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = LABEL.exec(line);
    if (!match) {
      const shown = line.length > 40 ? `${line.slice(0, 40)}…` : line;
      problems.push(
        `${fileName}, línea ${index + 1}: cada turno empieza con «M: » (médico), «P: » (paciente) o «A: » (acompañante), y aquí dice «${shown}».`,
      );
      return;
    }
    turns.push({ speaker: match[1] as SpeakerCode, text: match[2]!.trim(), line: index + 1 });
  });
  if (turns.length === 0 && problems.length === 0) problems.push(`${fileName}: no tiene ningún turno.`);
  return { turns, problems };
}

/** A field's place as a reader of the JSON finds it: `medications[1].status`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/** NAME.ref.json, checked against the format; every problem names the file and the field. */
export function parseReference(fileName: string, text: string): { reference: CaseReference | null; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { reference: null, problems: [`${fileName}: no es JSON válido (${error instanceof Error ? error.message : String(error)}).`] };
  }
  const result = CaseReferenceSchema.safeParse(json, { error: z.locales.es().localeError });
  if (result.success) return { reference: result.data, problems: [] };
  return {
    reference: null,
    problems: result.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => fieldPath([...issue.path, k])) : [];
      const where = keys.length > 0 ? keys.join(', ') : fieldPath(issue.path) || '(raíz)';
      return `${fileName} › ${where}: ${issue.message}`;
    }),
  };
}

/** One case from its two files' contents; `files` names them as the doctor's folder does. */
export function parseCase(name: string, files: { text: string; textFile: string; reference: string; referenceFile: string }): ParsedCase {
  const { turns, problems } = parseTurns(files.textFile, files.text);
  const { reference, problems: referenceProblems } = parseReference(files.referenceFile, files.reference);
  const all = [...problems, ...referenceProblems];
  if (all.length > 0 || reference === null) return { ok: false, problems: all };
  return { ok: true, case: { name, turns, reference } };
}
