/**
 * Which note version a document is written from, and what the doctor is told about it. The signed
 * version is preferred: it is what the doctor vouched for. With no signed version the latest draft
 * is used, and every sheet made from it says «Borrador» until the doctor signs the note and
 * generates again. A correction being written after a signature does not replace the signed
 * version as the source until it is signed in turn.
 */
import type { ClinicalNote } from '../notes/noteSchema';
import { noteContent, type NoteTemplateSnapshot, type NoteVersion } from '../storage';
import { formatDateTime } from '../ui/format';

export interface DocumentSource {
  version: NoteVersion;
  note: ClinicalNote;
  template: Pick<NoteTemplateSnapshot, 'name' | 'sections'>;
  signed: boolean;
  /** Spanish: which version, and what that means for the documents. */
  description: string;
}

const NO_TEMPLATE = { name: 'Nota clínica', sections: [] };

/** Null when there is no note yet (or the chosen version cannot be read). */
export function documentSource(versions: readonly NoteVersion[]): DocumentSource | null {
  const latest = versions.at(-1);
  if (!latest) return null;
  const signed = [...versions].reverse().find((v) => v.signedAt !== undefined);
  const version = signed ?? latest;
  let note: ClinicalNote;
  try {
    note = noteContent(version);
  } catch {
    return null;
  }
  const template = version.template ?? NO_TEMPLATE;
  if (!signed) {
    return {
      version,
      note,
      template,
      signed: false,
      description: `La nota no está firmada: los documentos se hacen con el borrador (versión ${version.version}) y llevan la marca «Borrador». Firme la nota y vuelva a generarlos.`,
    };
  }
  const pending = latest.id !== signed.id ? ` La versión ${latest.version}, sin firmar, no se usa hasta que la firme.` : '';
  return {
    version,
    note,
    template,
    signed: true,
    description: `Se hacen con la nota firmada (versión ${signed.version}, firmada el ${formatDateTime(signed.signedAt!)}).${pending}`,
  };
}
