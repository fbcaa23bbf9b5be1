import { useMemo, useState } from 'react';
import { groundDocument } from '../notes/documents/documentGrounding';
import { DOCUMENT_TITLES, type DocumentContent, type DocumentKind } from '../notes/documents/documentSchema';
import { documentSheet } from '../notes/documents/documentSheet';
import { documentContent, documents, noteContent, type DocumentVersion, type Encounter, type NoteFinding, type NoteVersion } from '../storage';
import { Alert } from '../ui/Alert';
import { DocumentEditor } from '../ui/DocumentEditor';
import { DocumentSheetView } from '../ui/DocumentSheetView';
import { formatDateTime } from '../ui/format';
import { PrintPreview } from '../ui/PrintPreview';
import { documentErrorMessage } from './documentErrors';
import { useProfessional } from './professional';
import type { DocumentGeneration } from './useDocumentGeneration';

interface Props {
  encounter: Encounter;
  kind: DocumentKind;
  /** Oldest first. */
  versions: readonly DocumentVersion[];
  /** The consultation's note versions, to ground each document against the one it came from. */
  noteVersions: readonly NoteVersion[];
  generation: DocumentGeneration;
  /** Why «Generar» cannot be used now (the panel says it once), or null. */
  blocked: string | null;
  onGenerate(): void;
  onUseTemplate(): void;
}

export function documentVersionLabel(version: DocumentVersion): string {
  const who = version.author === 'clinician' ? 'editada por el médico' : version.author === 'model' ? 'redactada por el modelo' : 'plantilla (sin modelo)';
  return `Versión ${version.version} · ${who}`;
}

function originLabel(version: DocumentVersion): string {
  return `de la nota versión ${version.noteVersion}${version.fromSignedNote ? ', firmada' : ', sin firmar (borrador)'} · ${formatDateTime(version.createdAt)}`;
}

function read(version: DocumentVersion | undefined): { document: DocumentContent | null; error: string | null } {
  if (!version) return { document: null, error: null };
  try {
    return { document: documentContent(version), error: null };
  } catch (error) {
    return { document: null, error: documentErrorMessage(error) };
  }
}

/** The flags of a version against the note version it was written from (none if that cannot be read). */
function flagsOf(document: DocumentContent | null, version: DocumentVersion | undefined, noteVersions: readonly NoteVersion[]): NoteFinding[] {
  const source = version && noteVersions.find((v) => v.version === version.noteVersion);
  if (!document || !source) return [];
  try {
    return groundDocument(document, noteContent(source));
  } catch {
    return [];
  }
}

/**
 * One document of the consultation: generate it, read its latest (or an older) version with its
 * «Revisar» flags, edit it into a new version, and open the print view.
 */
export function DocumentCard({ encounter, kind, versions, noteVersions, generation, blocked, onGenerate, onUseTemplate }: Props) {
  const title = DOCUMENT_TITLES[kind];
  const [viewingId, setViewingId] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [printing, setPrinting] = useState(false);
  const latest = versions.at(-1);
  const shown = (viewingId && versions.find((v) => v.id === viewingId)) || latest;
  const { document, error } = useMemo(() => read(shown), [shown]);
  const flags = useMemo(() => flagsOf(document, shown, noteVersions), [document, shown, noteVersions]);
  const professional = useProfessional();
  const sheet = useMemo(
    () =>
      document && shown
        ? documentSheet(document, {
            patientLabel: encounter.patientLabel,
            date: new Date(shown.createdAt),
            fromDraft: !shown.fromSignedNote,
            ...(professional ? { professional } : {}),
          })
        : null,
    [document, shown, encounter.patientLabel, professional],
  );
  const job = generation.job.kind !== 'idle' && generation.job.document === kind ? generation.job : null;
  const running = generation.job.kind === 'running';
  const titleId = `document-${kind}-title`;

  const save = async (edited: DocumentContent): Promise<string | null> => {
    if (!shown) return null;
    try {
      await documents.add(encounter.id, kind, edited.content, {
        author: 'clinician',
        noteVersion: shown.noteVersion,
        fromSignedNote: shown.fromSignedNote,
        basedOn: latest?.version,
      });
      setEditing(false);
      setViewingId(null);
      return null;
    } catch (failure) {
      return documentErrorMessage(failure);
    }
  };

  return (
    <section className="document-card" aria-labelledby={titleId}>
      <div className="document-card-header">
        <h3 id={titleId}>{title}</h3>
        <div className="document-actions">
          <button type="button" className="primary" disabled={blocked !== null || running || editing} onClick={onGenerate}>
            {latest ? 'Generar de nuevo' : 'Generar'}
          </button>
          {shown && document && !editing && (
            <>
              <button type="button" onClick={() => setEditing(true)} disabled={running}>
                Editar
              </button>
              <button type="button" onClick={() => setPrinting(true)}>
                Vista de impresión
              </button>
            </>
          )}
        </div>
      </div>
      <p role="status" className="document-status">
        {job?.kind === 'running'
          ? `${job.label}…`
          : job?.kind === 'done'
            ? `Versión ${job.version} guardada.`
            : job?.kind === 'cancelled'
              ? 'Generación cancelada. No se guardó nada.'
              : ''}
      </p>
      {job?.kind === 'running' && (
        <button type="button" onClick={generation.cancel}>
          Cancelar
        </button>
      )}
      {job?.kind === 'failed' && (
        <div role="alert" className="alert alert-error">
          <p>{job.message}</p>
          {job.offerTemplate && (
            <button type="button" onClick={onUseTemplate} disabled={running}>
              Usar la plantilla
            </button>
          )}
          <button type="button" className="quiet" onClick={generation.dismiss}>
            Cerrar aviso
          </button>
        </div>
      )}
      {error && <Alert message={error} />}
      {!shown && !running && <p className="note-empty">Todavía no hay {title.toLowerCase()}.</p>}
      {shown && document && editing ? (
        <DocumentEditor document={document} onSave={save} onCancel={() => setEditing(false)} />
      ) : (
        shown &&
        sheet && (
          <>
            <p className="document-version-line">
              <strong>{documentVersionLabel(shown)}</strong> {originLabel(shown)}
              {shown.id !== latest?.id && (
                <button type="button" className="quiet" onClick={() => setViewingId(null)}>
                  Ver la última
                </button>
              )}
            </p>
            {flags.length > 0 && (
              <div className="document-flags">
                <p className="document-flags-summary">
                  {flags.length === 1 ? '1 elemento para revisar' : `${flags.length} elementos para revisar`}: la nota no lo respalda.
                </p>
                <ul aria-label="Elementos para revisar">
                  {flags.map((flag) => (
                    <li key={flag.path}>
                      <span className="note-review-badge">Revisar</span> <strong>{flag.label}</strong>: {flag.reason}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <DocumentSheetView sheet={sheet} />
          </>
        )
      )}
      {versions.length > 1 && (
        <details className="document-versions">
          <summary>Versiones ({versions.length})</summary>
          <ol aria-label={`Versiones de ${title}`}>
            {[...versions].reverse().map((version) => (
              <li key={version.id}>
                <span>{documentVersionLabel(version)}</span> <span className="hint">{originLabel(version)}</span>{' '}
                {version.id === shown?.id ? (
                  <span aria-current="true">En pantalla</span>
                ) : (
                  <button type="button" className="quiet" aria-label={`Ver versión ${version.version} de ${title}`} onClick={() => setViewingId(version.id)}>
                    Ver
                  </button>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {printing && sheet && shown && (
        <PrintPreview
          sheet={sheet}
          large={kind === 'instrucciones'}
          flags={flags}
          onClose={() => setPrinting(false)}
          onPrint={(confirmed) => {
            void documents.printed(shown, confirmed).catch(() => undefined);
            window.print();
          }}
        />
      )}
    </section>
  );
}
