/**
 * The text Whisper is prompted with before each utterance (sent as `<|startofprev|>` tokens by the
 * speech engine). Whisper continues the style and vocabulary of what precedes the audio, so a line
 * of clinical terms spelled the way doctors write them (drug names, units, "CIE-10") makes it
 * likelier to write "enalapril 10 mg" than "en al april diez miligramos", and the previous
 * segment keeps names and spellings consistent across cuts.
 *
 * The engine keeps only the last ~223 prompt tokens (Whisper's limit is half its 448-token
 * context), so the previous text goes last and is itself bounded, leaving room for the glossary.
 */

/** Terms Whisper tends to miss in Spanish consultations: common drugs, units, anatomy, findings. */
export const CLINICAL_GLOSSARY: readonly string[] = [
  'ibuprofeno',
  'paracetamol',
  'amoxicilina',
  'enalapril',
  'losartán',
  'metformina',
  'omeprazol',
  'levotiroxina',
  'atorvastatina',
  'salbutamol',
  'diclofenac',
  'clonazepam',
  'hipertensión arterial',
  'diabetes tipo 2',
  'EPOC',
  'ECG',
  'hemograma',
  'glucemia',
  'mg',
  'ml',
  'mmHg',
  'saturación',
  'taquicardia',
  'disnea',
  'cefalea',
  'odinofagia',
];

/**
 * A few more terms for the specialty the doctor writes notes in, keyed by built-in note template
 * (the template last used, so a pediatrician's consultations are heard with pediatric words).
 * Short on purpose: the glossary and the previous segment share ~223 prompt tokens.
 */
export const SPECIALTY_GLOSSARY: Readonly<Record<string, readonly string[]>> = {
  pediatria: [
    'bronquiolitis',
    'otitis media',
    'faringoamigdalitis',
    'percentil',
    'calendario de vacunación',
    'lactancia materna',
    'amoxicilina en suspensión',
    'ibuprofeno en gotas',
    'mg/kg',
  ],
  enfermedad_cronica: [
    'hemoglobina glicosilada',
    'insulina glargina',
    'creatinina',
    'microalbuminuria',
    'filtrado glomerular',
    'colesterol LDL',
    'bisoprolol',
    'furosemida',
    'espironolactona',
  ],
};

/** The general glossary plus the specialty's terms, if the template has any. */
export function speechGlossary(templateId?: string): readonly string[] {
  const specialty = templateId === undefined ? undefined : SPECIALTY_GLOSSARY[templateId];
  return specialty ? [...CLINICAL_GLOSSARY, ...specialty] : CLINICAL_GLOSSARY;
}

/** Characters of the previous segment carried into the next prompt (~50 tokens). */
export const PREVIOUS_TEXT_MAX_CHARS = 200;

export interface PromptContext {
  /** Text of the segment just before this utterance, if any. */
  previousText?: string;
  /** The consultation's reason, as the doctor typed it. */
  reason?: string;
  /** The note template the doctor last used: its specialty's terms join the glossary. */
  templateId?: string;
  glossary?: readonly string[];
}

export function buildPromptText(context: PromptContext): string {
  const previous = context.previousText?.trim();
  const fixed = glossaryPrompt(context);
  return previous ? `${fixed} ${tail(previous, PREVIOUS_TEXT_MAX_CHARS)}` : fixed;
}

/** The prompt's fixed part, before the previous segment: the glossary and the reason (what promptEcho.ts guards against). */
export function glossaryPrompt({ reason, templateId, glossary = speechGlossary(templateId) }: Omit<PromptContext, 'previousText'>): string {
  const parts = [`Consulta médica en español. Términos: ${glossary.join(', ')}.`];
  const trimmedReason = reason?.trim();
  if (trimmedReason) parts.push(`Motivo de consulta: ${trimmedReason}.`);
  return parts.join(' ');
}

/** The end of `text`, at most `max` characters, starting at a word. */
function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const space = cut.indexOf(' ');
  return space === -1 ? cut : cut.slice(space + 1);
}
