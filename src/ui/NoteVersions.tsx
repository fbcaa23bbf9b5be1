import type { NoteVersion } from '../storage/types';
import { formatDateTime } from './format';

/** "Versión 2 · editada por el médico": who wrote a version and how. */
export function versionLabel(version: NoteVersion): string {
  return `Versión ${version.version} · ${versionKind(version)}`;
}

function versionKind(version: NoteVersion): string {
  if (version.author === 'clinician') {
    if (version.corrects !== undefined) return `corrección de la versión ${version.corrects}`;
    return version.version === 1 ? 'escrita por el médico' : 'editada por el médico';
  }
  if (version.regeneratedSection) {
    const title = version.template?.sections.find((s) => s.id === version.regeneratedSection)?.title ?? version.regeneratedSection;
    return `sección «${title}» regenerada por el modelo`;
  }
  return 'borrador del modelo';
}

interface Props {
  /** Oldest first. */
  versions: readonly NoteVersion[];
  /** The version on screen. */
  shownId: string;
  onShow(version: NoteVersion): void;
}

/** Every version of the note, newest first; any can be opened to read it as it was. */
export function NoteVersions({ versions, shownId, onShow }: Props) {
  return (
    <section className="note-versions" aria-labelledby="note-versions-title">
      <h3 id="note-versions-title">Versiones</h3>
      <ol aria-label="Versiones de la nota">
        {[...versions].reverse().map((version) => {
          const shown = version.id === shownId;
          return (
            <li key={version.id} className={shown ? 'note-version-shown' : undefined}>
              <span className="note-version-label">{versionLabel(version)}</span>
              <span className="note-version-meta">
                {formatDateTime(version.createdAt)}
                {version.signedAt !== undefined && ` · firmada el ${formatDateTime(version.signedAt)}`}
              </span>
              {shown ? (
                <span className="note-version-current" aria-current="true">
                  En pantalla
                </span>
              ) : (
                <button type="button" className="quiet" aria-label={`Ver versión ${version.version}`} onClick={() => onShow(version)}>
                  Ver
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
