/**
 * The Spanish prompt that turns a note into a document. The source is the NOTE as plain text (what
 * the doctor reviewed and signed), never the transcript: a document may say only what the note
 * says. The output format is the document's JSON Schema, which constrains generation; the rules say
 * what goes in each field and how to write it (plain words for the patient, clinical ones for the
 * colleague). No patient name is sent: the sheet adds it.
 */
import type { NoteTemplate } from '../../storage/types';
import type { ClinicalNote } from '../noteSchema';
import { noteToPlainText } from '../plainText';
import type { ChatMessage } from '../prompt';
import type { DocumentKind } from './documentSchema';

const COMMON_RULES = `Reglas:
1. Usar solo lo que dice la nota. No agregar medicamentos, dosis, números, estudios, diagnósticos, signos de alarma ni indicaciones que la nota no diga. Si la nota no dice algo: lista vacía o null.
2. Copiar los medicamentos, las dosis y los números exactamente como están en la nota.
3. No incluir nombres de personas ni datos de contacto.`;

const TASKS: Record<DocumentKind, string> = {
  instrucciones: `Tarea: escribir las indicaciones para el paciente a partir de la nota clínica, en español simple, para que el paciente las lea en su casa.

${COMMON_RULES}
4. Hablar de usted, con oraciones cortas y palabras de todos los días: «dolor de cabeza», no «cefalea».
5. "medications": lo que debe tomar (los medicamentos que la nota inicia, continúa o modifica), con la dosis, cómo tomarlo y por cuánto tiempo. "stopTaking": los que la nota suspende.
6. "whenToReturn": cuándo volver a la consulta, como lo dice la nota. "alarmSigns": los signos por los que debe consultar enseguida, solo los que la nota nombra. "care": otros cuidados de la nota.`,
  derivacion: `Tarea: escribir una carta de derivación a otro médico a partir de la nota clínica, en español, con lenguaje médico claro y breve.

${COMMON_RULES}
4. "recipient": la especialidad o el servicio al que se deriva, según la nota. "reason": por qué se deriva. "summary": un resumen clínico breve de la nota.
5. "currentMedications": un renglón por medicamento que el paciente toma (nombre, dosis y frecuencia). "studies": los estudios de la nota.
6. "question": qué se le pregunta al especialista, solo si la nota lo dice; si no, null.`,
};

/** The chat for one document of `kind` from `note`. */
export function buildDocumentPrompt(kind: DocumentKind, note: ClinicalNote, template: Pick<NoteTemplate, 'name' | 'sections'>): ChatMessage[] {
  const noteText = noteToPlainText(note, template, { title: 'Nota clínica' });
  return [
    { role: 'system', content: TASKS[kind] },
    { role: 'user', content: `${noteText}\n\nEscribir el documento en JSON.` },
  ];
}
