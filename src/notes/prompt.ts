/**
 * The Spanish prompt that turns a transcript into a note: rules (write only what was said, cite
 * the segments), a glossary of how patients and doctors speak, a worked example as a previous
 * turn of the chat, then the template's sections and the numbered transcript.
 *
 * The output format itself is not described in words: the JSON Schema (noteSchema.ts) constrains
 * generation, and the example shows the shape. For a long consultation the transcript is split
 * into parts (budget.ts); each part's prompt says which part it is, and the partial notes are
 * merged (merge.ts).
 *
 * The `compact` profile (promptProfile.ts) keeps the request and replaces the rules, glossary and
 * example with COMPACT_RULES: the prompt Escriba's fine-tuned models were trained on.
 */
import type { NoteTemplate } from '../storage/types';
import { glossaryText } from './glossary';
import { EXAMPLE_NOTE, EXAMPLE_SEGMENTS, EXAMPLE_TEMPLATE } from './promptExample';
import { DEFAULT_PROMPT_PROFILE, type PromptProfile } from './promptProfile';
import type { PromptSegment } from './segmentRefs';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Which part of a long transcript a prompt covers (1-based). */
export interface TranscriptPart {
  index: number;
  count: number;
}

export type PromptTemplate = Pick<NoteTemplate, 'name' | 'sections'>;
type Segment = Pick<PromptSegment, 'ref' | 'text' | 'role'>;

const RULES = `Tarea: redactar la nota clínica de una consulta médica a partir de su transcripción, en español, con lenguaje médico claro y neutro.

Reglas:
1. Escribir solo lo que se dijo en la transcripción. No agregar diagnósticos, medicamentos, dosis, valores, estudios ni indicaciones que no se hayan mencionado. Si algo no se dijo: lista vacía, campo en null o texto de sección vacío ("").
2. Cada elemento y cada sección llevan en "evidence" los identificadores de los fragmentos que los respaldan, por ejemplo ["s3", "s7"]. Citar solo fragmentos que digan eso.
3. Copiar los números como se dijeron (dosis, frecuencia, duración, valores), sin calcular ni redondear. Agregar la unidad solo si es evidente: «un ibuprofeno de 600» es 600 mg.
4. Signos vitales en estas unidades: presión en mmHg (sistólica y diastólica), frecuencia cardíaca en latidos por minuto, frecuencia respiratoria por minuto, temperatura en °C, saturación en %, peso en kg, talla en cm. «14/9» o «catorce nueve» es 140/90 mmHg.
5. Medicamentos, "action": "inicia" si se indica ahora, "continúa" si ya lo toma y sigue, "suspende", "modifica" si cambia dosis o frecuencia, "mencionada" si solo se nombró.
6. Diagnósticos, "certainty": "presuntivo" salvo que se diga confirmado o descartado. "cie10" solo con un código seguro; si hay duda, null.
7. Pacientes y acompañantes hablan de forma coloquial: entender con el glosario y escribir la nota con términos médicos.
8. No incluir nombres, documentos ni datos de contacto que no sean clínicos.
9. Negativos pertinentes ("pertinentNegatives"): lo que se preguntó y se negó, un dato por elemento, escrito como negación: «Niega alergias», «Sin fiebre», «Sin ideas de autolesión». Citar la pregunta y la respuesta. Solo lo que se negó explícitamente: si se afirmó («sí, tuve fiebre») o no se preguntó, no va en esta lista.
10. Cada fragmento dice quién habla: médico, paciente, acompañante o «sin asignar» (no se sabe). Lo asigna Escriba y puede equivocarse. Lo que el médico solo pregunta no es un dato: lo decide la respuesta del paciente o del acompañante. Lo que el acompañante cuenta del paciente es un dato del paciente.

Glosario (lo que se dice: cómo anotarlo):
${glossaryText()}`;

/**
 * The compact profile's whole system message. It still names the task, the evidence habit and the
 * units, so a fine-tuned model that drifts gets the same words it was trained with.
 */
export const COMPACT_RULES =
  'Nota clínica en JSON de la consulta transcripta, en español médico. Solo lo que se dijo; cada dato cita en "evidence" sus fragmentos [sN]. Signos vitales en mmHg, lpm, rpm, °C, %, kg y cm.';

const PART_RULE =
  'Esta es solo una parte de una consulta larga: las otras partes se procesan por separado y luego se combinan. Anotar solo lo que aparece en esta parte; si una sección no tiene datos aquí, dejar su texto vacío.';

/** The numbered transcript, one segment per line: `[s1] médico: Buen día…`. */
export function transcriptLines(segments: readonly Segment[]): string {
  return segments.map(transcriptLine).join('\n');
}

/** `[s3] paciente: Me duele…`: the ref the note cites, who spoke (as the transcript shows), the words. */
export function transcriptLine(segment: Segment): string {
  return segment.role ? `[${segment.ref}] ${segment.role}: ${segment.text}` : `[${segment.ref}] ${segment.text}`;
}

/** The request for one template and one transcript (or part of it). */
export function userMessage(template: PromptTemplate, segments: readonly Segment[], part?: TranscriptPart): string {
  const sections = template.sections
    .map((s) => `- ${s.id} («${s.title}»)${s.guidance ? `: ${s.guidance}` : ''}`)
    .join('\n');
  const heading = part ? `Transcripción, parte ${part.index} de ${part.count}:` : 'Transcripción:';
  return [
    `Plantilla «${template.name}». Secciones (claves de "sections"):`,
    sections,
    '',
    heading,
    transcriptLines(segments),
    '',
    part ? `${PART_RULE}\nEscribir la nota de esta parte en JSON.` : 'Escribir la nota en JSON.',
  ].join('\n');
}

/**
 * The chat for one generation. `full`: system rules and glossary, the worked example as a previous
 * exchange, then the real request. `compact`: the short system message, then the same request.
 */
export function buildNotePrompt(
  template: PromptTemplate,
  segments: readonly Segment[],
  part?: TranscriptPart,
  profile: PromptProfile = DEFAULT_PROMPT_PROFILE,
): ChatMessage[] {
  if (profile === 'compact') {
    return [
      { role: 'system', content: COMPACT_RULES },
      { role: 'user', content: userMessage(template, segments, part) },
    ];
  }
  return [
    { role: 'system', content: RULES },
    { role: 'user', content: userMessage({ name: 'Ejemplo', sections: EXAMPLE_TEMPLATE.sections }, EXAMPLE_SEGMENTS) },
    { role: 'assistant', content: JSON.stringify(EXAMPLE_NOTE) },
    { role: 'user', content: userMessage(template, segments, part) },
  ];
}
