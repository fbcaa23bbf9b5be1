import { useState } from 'react';
import { formatDateTime } from './format';

interface Props {
  /** The version on screen, as "Versión 2 · editada por el médico". */
  label: string;
  signedAt: number | undefined;
  /** Viewing an older version: read-only, with a way back to the latest. */
  older: boolean;
  onLatest(): void;
  /** Null when the note cannot be edited now (signed, older version, generating). */
  onEdit: (() => void) | null;
  /** Null when the version cannot be signed now. */
  onSign: (() => Promise<string | null>) | null;
  /** After signing: a correction, as a new version. */
  onCorrect: (() => void) | null;
  /** "Revisar" marks left on the version about to be signed. */
  reviewCount: number;
  /** The plain-text note, for the clipboard. */
  plainText(): string;
}

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'refused'; text: string };

/**
 * What the doctor does with the note on screen: "Editar nota", "Firmar" (with a confirmation that
 * says what signing means), "Agregar corrección" once signed, and "Copiar nota". If the browser
 * refuses the clipboard, the text is shown selected-ready so it can still be copied by hand.
 */
export function NoteToolbar(props: Props) {
  const [confirming, setConfirming] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  const [copy, setCopy] = useState<CopyState>({ kind: 'idle' });

  const copyNote = async () => {
    const text = props.plainText();
    try {
      await navigator.clipboard.writeText(text);
      setCopy({ kind: 'copied' });
    } catch {
      setCopy({ kind: 'refused', text });
    }
  };

  const sign = async () => {
    if (!props.onSign) return;
    const failure = await props.onSign();
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
      {confirming && props.onSign && (
        <div className="note-confirm" role="group" aria-label="Confirmar firma">
          <p>
            Una nota firmada no se puede modificar: las correcciones quedan como versiones nuevas.
            {props.reviewCount > 0 &&
              ` Quedan ${props.reviewCount} ${props.reviewCount === 1 ? 'elemento marcado' : 'elementos marcados'} «Revisar».`}
          </p>
          <button type="button" className="primary" onClick={() => void sign()}>
            Firmar nota
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancelar
          </button>
        </div>
      )}
      {signError && (
        <div role="alert" className="alert alert-error">
          <p>{signError}</p>
        </div>
      )}
      {copy.kind === 'copied' && (
        <p role="status" className="hint">
          Nota copiada al portapapeles: ya puede pegarla en la historia clínica.
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
