import type { ClinicalNote } from '../notes/noteSchema';
import type { Encounter, NoteFinding, NoteTemplateSnapshot, NoteVersion } from '../storage';
import { NoteDocuments } from '../ui/NoteDocuments';
import { NotePrint } from '../ui/NotePrint';
import { exportBlocker, exportNoteAsFhir } from './noteExport';
import { useProfessional } from './professional';
import { MODELS_HREF } from './useHashRoute';

interface Props {
  encounter: Encounter;
  /** The version on screen, and every version of the consultation (a correction names the one it replaces). */
  version: NoteVersion;
  versions: readonly NoteVersion[];
  note: ClinicalNote;
  template: NoteTemplateSnapshot;
  /** Open «Revisar» flags of the version; null while grounding reads the transcript. */
  flags: readonly NoteFinding[] | null;
}

/** The shown version on paper and as a file: «Imprimir» with its print layout, «Exportar FHIR». */
export function NoteOutputs({ encounter, version, versions, note, template, flags }: Props) {
  const professional = useProfessional();
  const blocked = exportBlocker({ signed: version.signedAt !== undefined, professional, openFlags: flags?.length ?? null });
  return (
    <>
      <NoteDocuments
        exportBlocked={blocked}
        professionalMissing={professional !== undefined && (!professional.name || !professional.license)}
        settingsHref={MODELS_HREF}
        patientLabel={encounter.patientLabel}
        onPrint={() => window.print()}
        onExport={(dni) =>
          professional
            ? exportNoteAsFhir({ note, version, versions, template, encounter, professional, patient: dni ? { dni } : {} })
            : Promise.resolve({ ok: false, message: 'Todavía se están leyendo sus datos de profesional.' })
        }
      />
      <NotePrint
        note={note}
        template={template}
        versionNumber={version.version}
        signedAt={version.signedAt}
        patientLabel={encounter.patientLabel}
        reason={encounter.reason}
        consultationAt={encounter.createdAt}
        professional={professional}
        flags={flags ?? []}
      />
    </>
  );
}
