/**
 * What can go wrong between "Generar nota" and a stored draft, as named errors, and the Spanish the
 * doctor reads for each (including the storage refusals of notes.ts and templates.ts). A failed
 * generation never stores anything: every message can say that nothing was lost.
 */
import { spanishMessage } from '../shared/messages';
import { EscribaError } from '../shared/errors';
import { InvalidNoteError, NoteChangedError, NoteSignedError } from '../storage/notes';
import { InvalidTemplateError, TemplateNotFoundError, TemplateReadOnlyError } from '../storage/templates';
import type { TranscriptPart } from './prompt';

/** No segment has text yet: there is nothing to write a note from. */
export class EmptyTranscriptError extends EscribaError {
  override name = 'EmptyTranscriptError';
}

/** The transcript (or even the instructions) does not fit the model's context window. */
export class NoteContextError extends EscribaError {
  override name = 'NoteContextError';
}

/**
 * The model's answer was not a valid note twice in a row (once, and once more after being told
 * what was wrong). `problems` are the second answer's, in Spanish; `part` is the transcript block.
 */
export class InvalidModelAnswerError extends EscribaError {
  override name = 'InvalidModelAnswerError';
  readonly problems: readonly string[];
  readonly part: TranscriptPart | undefined;
  constructor(message: string, problems: readonly string[], part?: TranscriptPart) {
    super(message);
    this.problems = problems;
    this.part = part;
  }
}

/** A section to regenerate that the note's template does not have. */
export class UnknownSectionError extends EscribaError {
  override name = 'UnknownSectionError';
}

const NOTHING_LOST = 'La transcripción y las versiones anteriores de la nota siguen guardadas.';

/** The doctor-facing message for any error of the note flow; other errors fall through to spanishMessage. */
export function noteErrorMessage(error: unknown): string {
  if (error instanceof EmptyTranscriptError) return 'Todavía no hay transcripción para redactar la nota.';
  if (error instanceof NoteContextError) {
    return `No se pudo preparar la nota: ${error.message} Pruebe con otro modelo de texto o con una plantilla más corta.`;
  }
  if (error instanceof InvalidModelAnswerError) {
    const where = error.part && error.part.count > 1 ? ` en la parte ${error.part.index} de ${error.part.count}` : '';
    return `El modelo no devolvió una nota válida${where}, ni siquiera en un segundo intento, y no se guardó nada. ${NOTHING_LOST} Puede generar de nuevo o escribir la nota a mano.`;
  }
  if (error instanceof UnknownSectionError) return 'Esa sección no está en la plantilla de la nota.';
  if (error instanceof NoteSignedError) {
    return 'La nota está firmada y no se puede modificar. Para corregirla, use «Agregar corrección»: la versión firmada queda como está.';
  }
  if (error instanceof NoteChangedError) {
    return 'La nota cambió mientras tanto (quizás en otra pestaña). No se guardó este cambio: revise la última versión y vuelva a intentar.';
  }
  if (error instanceof InvalidNoteError) return `La nota no se guardó porque tiene errores: ${error.problems.slice(0, 5).join(' ')}`;
  if (error instanceof InvalidTemplateError) return `La plantilla no se guardó: ${error.problems.join(' ')}`;
  if (error instanceof TemplateReadOnlyError) return 'Las plantillas que vienen con Escriba no se modifican; duplíquela para tener una propia.';
  if (error instanceof TemplateNotFoundError) return 'Esa plantilla ya no existe (quizás se eliminó en otra pestaña).';
  return spanishMessage(error);
}
