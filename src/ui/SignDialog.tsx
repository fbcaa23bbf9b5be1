import { useEffect, useRef, useState } from 'react';
import type { NoteFinding } from '../storage/types';

interface Props {
  /** The «Revisar» flags open on the version to sign; null while grounding has not caught up with the transcript. */
  flags: readonly NoteFinding[] | null;
  /** Signs with these flags confirmed; resolves when done (the toolbar shows any failure). */
  onSign(confirmed: readonly NoteFinding[]): Promise<void>;
  onCancel(): void;
}

/**
 * "Firmar" asks before it signs: a modal dialog that says what signing means and lists every item
 * still marked «Revisar» with its reason and a «Revisado» checkbox. «Firmar nota» stays disabled
 * until each one is checked, so no flag is signed over unseen; «Cancelar» (or Esc) signs nothing.
 * The checks are per item, not one "I reviewed everything" box, because the point is that the
 * doctor looks at each unsupported statement. While the flags are still being computed, signing
 * waits rather than offer an empty list.
 */
export function SignDialog({ flags, onSign, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [signing, setSigning] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const pending = flags?.filter((f) => !checked.has(f.path)).length ?? 0;
  const ready = flags !== null && pending === 0 && !signing;
  const toggle = (path: string, on: boolean) =>
    setChecked((current) => {
      const next = new Set(current);
      if (on) next.add(path);
      else next.delete(path);
      return next;
    });
  const sign = async () => {
    if (!flags || !ready) return;
    setSigning(true);
    await onSign(flags);
  };

  return (
    <dialog
      ref={dialog}
      className="sign-dialog"
      aria-labelledby="sign-dialog-title"
      onCancel={(event) => {
        // Esc: close through React's state, like «Cancelar», so the dialog never outlives its state.
        event.preventDefault();
        onCancel();
      }}
    >
      <h3 id="sign-dialog-title">Firmar la nota</h3>
      <p>Una nota firmada no se puede modificar: las correcciones quedan como versiones nuevas.</p>
      {flags === null && <p role="status">Comprobando la nota con la transcripción…</p>}
      {flags !== null && flags.length > 0 && (
        <>
          <p>
            {flags.length === 1 ? 'Queda 1 elemento marcado «Revisar»' : `Quedan ${flags.length} elementos marcados «Revisar»`}:
            compare cada uno con lo dicho y márquelo como revisado para poder firmar.
          </p>
          <ul className="sign-dialog-flags" aria-label="Elementos para revisar">
            {flags.map((flag) => (
              <li key={flag.path}>
                <p className="sign-dialog-flag-label">{flag.label}</p>
                <p className="sign-dialog-flag-reason">
                  <span className="note-review-badge">Revisar</span> {flag.reason}
                </p>
                <label className="sign-dialog-check">
                  <input
                    type="checkbox"
                    aria-label={`Revisado: ${flag.label}`}
                    checked={checked.has(flag.path)}
                    onChange={(event) => toggle(flag.path, event.target.checked)}
                  />
                  Revisado
                </label>
              </li>
            ))}
          </ul>
          <p role="status" className="hint">
            {pending === 0 ? 'Todos revisados.' : pending === 1 ? 'Falta revisar 1 elemento.' : `Faltan revisar ${pending} elementos.`}
          </p>
        </>
      )}
      <div className="sign-dialog-actions">
        <button type="button" className="primary" disabled={!ready} onClick={() => void sign()}>
          Firmar nota
        </button>
        <button type="button" onClick={onCancel}>
          Cancelar
        </button>
      </div>
    </dialog>
  );
}
