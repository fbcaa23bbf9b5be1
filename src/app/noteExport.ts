/**
 * «Exportar FHIR» from the app's side: why it is not possible now (in Spanish, for the button's
 * explanation), and the export itself: Bundle, audit entry, then the file handed to the browser
 * as a download. The Bundle is built in memory and never leaves the device by Escriba's doing: the
 * doctor saves the file and decides where it goes.
 */
import { NoteNotSignedError, noteToFhirBundle, type NoteExportInput } from '../export/fhir/bundle';
import { fhirFileName } from '../export/fhir/fileName';
import { spanishMessage } from '../shared/messages';
import { durationMs, notes, type Encounter, type NoteVersion } from '../storage';
import type { Professional } from '../storage/settings';

export interface ExportState {
  signed: boolean;
  professional: Professional | undefined;
  /** «Revisar» flags left unconfirmed on the version; null while they are being computed. */
  openFlags: number | null;
}

/** Why the version cannot be exported now, or null. */
export function exportBlocker({ signed, professional, openFlags }: ExportState): string | null {
  if (!signed) return 'Para exportar, firme la nota: solo una nota firmada es un documento clínico.';
  if (professional === undefined || openFlags === null) return 'Comprobando la nota…';
  if (!professional.name || !professional.license) {
    return 'Para exportar, complete «Nombre del profesional» y «Matrícula» en Modelos, en «Datos del profesional».';
  }
  if (openFlags > 0) {
    return openFlags === 1
      ? 'Hay 1 elemento marcado «Revisar» sin confirmar. Para exportar, agregue una corrección y fírmela confirmándolo.'
      : `Hay ${openFlags} elementos marcados «Revisar» sin confirmar. Para exportar, agregue una corrección y fírmela confirmándolos.`;
  }
  return null;
}

export interface ExportRequest extends Omit<NoteExportInput, 'encounter' | 'durationMs' | 'version' | 'corrects'> {
  encounter: Encounter;
  version: NoteVersion;
  /** The consultation's versions, to find the one a correction replaces. */
  versions: readonly NoteVersion[];
}

export type ExportOutcome = { ok: true; fileName: string } | { ok: false; message: string };

/** Exports `request.version`: the file's name, or why nothing was exported (Spanish). */
export async function exportNoteAsFhir(request: ExportRequest): Promise<ExportOutcome> {
  const { encounter, version, versions } = request;
  const corrected = version.corrects === undefined ? undefined : versions.find((v) => v.version === version.corrects);
  let json: string;
  try {
    const bundle = noteToFhirBundle({
      ...request,
      encounter,
      durationMs: durationMs(encounter),
      version,
      ...(corrected ? { corrects: corrected } : {}),
    });
    json = `${JSON.stringify(bundle, null, 2)}\n`;
  } catch (error) {
    if (error instanceof NoteNotSignedError) return { ok: false, message: 'Solo se exporta una nota firmada.' };
    throw error;
  }
  const fileName = fhirFileName(encounter.patientLabel, new Date(encounter.createdAt));
  try {
    await notes.recordExport(encounter.id, version, `FHIR ${fileName}`);
  } catch (error) {
    return { ok: false, message: `No se exportó: no se pudo registrar la exportación. ${spanishMessage(error)}` };
  }
  download(json, fileName);
  return { ok: true, fileName };
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/fhir+json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file to the browser's download machinery.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
