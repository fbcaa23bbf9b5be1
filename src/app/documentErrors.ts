/** What the doctor reads when a document could not be written or saved. Nothing was stored in any case. */
import { InvalidDocumentAnswerError } from '../notes/documents/generateDocument';
import { noteErrorMessage } from '../notes/generateNoteErrors';
import { DocumentChangedError, EncounterNotFoundError, InvalidDocumentError } from '../storage';

export function documentErrorMessage(error: unknown): string {
  if (error instanceof InvalidDocumentAnswerError) {
    return 'El modelo no devolvió un documento válido, ni siquiera en un segundo intento, y no se guardó nada. Puede usar la plantilla, que arma el documento con los datos de la nota, o intentar de nuevo.';
  }
  if (error instanceof InvalidDocumentError) return `El documento no se guardó porque tiene errores: ${error.problems.slice(0, 5).join(' ')}`;
  if (error instanceof DocumentChangedError) {
    return 'El documento cambió mientras tanto (quizás en otra pestaña). No se guardó este cambio: revise la última versión y vuelva a intentar.';
  }
  if (error instanceof EncounterNotFoundError) return 'Esta consulta ya no existe: se eliminó.';
  return noteErrorMessage(error);
}
