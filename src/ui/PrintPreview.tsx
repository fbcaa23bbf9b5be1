import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Sheet } from '../notes/documents/documentSheet';
import type { NoteFinding } from '../storage/types';
import { DocumentSheetView } from './DocumentSheetView';

/** On <body> while a document's print view is open: documents.css then prints only that sheet. */
export const PRINTING_DOCUMENT_CLASS = 'printing-document';

interface Props {
  sheet: Sheet;
  /** The patient's sheet prints in large type. */
  large: boolean;
  /** Open «Revisar» flags: each must be checked as reviewed before printing. */
  flags: readonly NoteFinding[];
  /** Records the print (audit) and opens the browser's print dialog. */
  onPrint(confirmed: readonly NoteFinding[]): void;
  onClose(): void;
}

/**
 * «Vista de impresión»: the sheet exactly as it prints, in a modal outside the app's tree. While it
 * is open, printing (its «Imprimir», Ctrl+P, a PDF printer) gets only this sheet, instead of the
 * note that print.css prints from the consultation screen otherwise (see documents.css). A document with open «Revisar»
 * flags prints only once the doctor has checked each one, as signing a note asks: the sheet goes
 * to a patient or a colleague, and an unsupported dose must not reach them unseen.
 */
export function PrintPreview({ sheet, large, flags, onPrint, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // While it is open, printing prints this sheet, not the note (print.css prints the note otherwise).
    document.body.classList.add(PRINTING_DOCUMENT_CLASS);
    return () => {
      element?.close();
      document.body.classList.remove(PRINTING_DOCUMENT_CLASS);
    };
  }, []);

  const pending = flags.filter((f) => !checked.has(f.path)).length;
  const toggle = (path: string, on: boolean) =>
    setChecked((current) => {
      const next = new Set(current);
      if (on) next.add(path);
      else next.delete(path);
      return next;
    });

  return createPortal(
    <dialog
      ref={dialog}
      className="print-preview"
      aria-label={`Vista de impresión: ${sheet.title}`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="print-preview-controls">
        <p className="print-preview-heading">Vista de impresión</p>
        {flags.length > 0 && (
          <>
            <p>
              {flags.length === 1 ? 'Hay 1 elemento marcado «Revisar»' : `Hay ${flags.length} elementos marcados «Revisar»`}: la nota no lo
              respalda. Compárelo con la nota o corríjalo con «Editar» antes de entregar el documento.
            </p>
            <ul className="sign-dialog-flags" aria-label="Elementos para revisar">
              {flags.map((flag) => (
                <li key={flag.path}>
                  <p className="sign-dialog-flag-label">{flag.label}</p>
                  <p className="sign-dialog-flag-reason">
                    <span className="note-review-badge">Revisar</span> {flag.reason}
                  </p>
                  <label className="sign-dialog-check">
                    <input type="checkbox" aria-label={`Revisado: ${flag.label}`} checked={checked.has(flag.path)} onChange={(e) => toggle(flag.path, e.target.checked)} />
                    Revisado
                  </label>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="sign-dialog-actions">
          <button type="button" className="primary" disabled={pending > 0} onClick={() => onPrint(flags)}>
            Imprimir
          </button>
          <button type="button" onClick={onClose}>
            Cerrar
          </button>
        </div>
      </div>
      <DocumentSheetView sheet={sheet} large={large} />
    </dialog>,
    document.body,
  );
}
