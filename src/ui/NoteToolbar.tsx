import { useState } from 'react';
import type { NoteFinding } from '../storage/types';
import { formatDateTime } from './format';
import { SignDialog } from './SignDialog';

interface Props {
  /** The version on screen, as "Versión 2 · editada por el médico". */
  label: string;
  signedAt: number | undefined;
  /** Viewing an older version: read-only, with a way back to the latest. */
  older: boolean;
  onLatest(): void;
  /** Null when the note cannot be edited now (signed, older version, generating). */
  onEdit: (() => void) | null;
  /** Null when the version cannot be signed now; signs with the flags the doctor confirmed. */
  onSign: ((confirmed: readonly NoteFinding[]) => Promise<string | null>) | null;
  /** After signing: a correction, as a new version. */
  onCorrect: (() => void) | null;
  /** "Revisar" flags open on the version about to be signed; null while they are being computed. */
  flags: readonly NoteFinding[] | null;
  /** The plain-text note for the clipboard and how many open flags it carries; null while the transcript is still loading. */
  plainText(): { text: string; flags: number } | null;
}

type CopyState = { kind: 'idle' } | { kind: 'copied'; flagged: boolean } | { kind: 'refused'; text: string } | { kind: 'not-ready' };

/**
 * What the doctor does with the note on screen: "Editar nota", "Firmar" (through SignDialog, which
 * says what signing means and asks to confirm each open «Revisar» flag), "Agregar corrección" once
 * signed, and "Copiar nota" (open flags travel with the text, see plainText.ts). If the browser
 * refuses the clipboard, the text is shown selected-ready so it can still be copied by hand.
 */
export function NoteToolbar(props: Props) {
  const [confirming, setConfirming] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  const [copy, setCopy] = useState<CopyState>({ kind: 'idle' });

  const copyNote = async () => {
    const plain = props.plainText();
    if (plain === null) return setCopy({ kind: 'not-ready' });
    const { text, flags } = plain;
    try {
      await navigator.clipboard.writeText(text);
      setCopy({ kind: 'copied', flagged: flags > 0 });
    } catch {
      setCopy({ kind: 'refused', text });
    }
  };

  const sign = async (confirmed: readonly NoteFinding[]) => {
    if (!props.onSign) return;
    const failure = await props.onSign(confirmed);
    setConfirming(false);
    setSignError(failure);
  };

  return (
    <div className="note-toolbar">
      <div className="note-toolbar-row">
        <p className="note-version-title">
          <strong>{props.label}</strong>
          {props.signedAt !== undefined && <span className="note-signed">Firmada el {formatDateTime(props.signedAt)}</span>}
          {props.older && (
            <button type="button" className="quiet" onClick={props.onLatest}>
              Ver la última versión
            </button>
          )}
        </p>
        <div className="note-toolbar-actions">
          {props.onEdit && (
            <button type="button" onClick={props.onEdit}>
              Editar nota
            </button>
          )}
          {props.onCorrect && (
            <button type="button" onClick={props.onCorrect}>
              Agregar corrección
            </button>
          )}
          {props.onSign && !confirming && (
            <button type="button" onClick={() => setConfirming(true)}>
              Firmar
            </button>
          )}
          <button type="button" onClick={() => void copyNote()}>
            Copiar nota
          </button>
        </div>
      </div>
      {confirming && props.onSign && <SignDialog flags={props.flags} onSign={sign} onCancel={() => setConfirming(false)} />}
      {signError && (
        <div role="alert" className="alert alert-error">
          <p>{signError}</p>
        </div>
      )}
      {copy.kind === 'copied' && (
        <p role="status" className="hint">
          {copy.flagged
            ? 'Nota copiada al portapapeles con sus marcas [REVISAR]: revise esos elementos antes de darla por definitiva.'
            : 'Nota copiada al portapapeles: ya puede pegarla en la historia clínica.'}
        </p>
      )}
      {copy.kind === 'not-ready' && (
        <p role="status" className="hint">
          Todavía se está cargando la transcripción para comprobar la nota. Intente copiar de nuevo en un momento.
        </p>
      )}
      {copy.kind === 'refused' && (
        <div role="alert" className="alert alert-warning note-copy-refused">
          <p>El navegador no permitió copiar al portapapeles. Seleccione el texto de abajo y cópielo con Ctrl+C.</p>
          <textarea readOnly aria-label="Texto de la nota" value={copy.text} rows={8} onFocus={(e) => e.target.select()} />
          <button type="button" className="quiet" onClick={() => setCopy({ kind: 'idle' })}>
            Cerrar aviso
          </button>
        </div>
      )}
    </div>
  );
}
