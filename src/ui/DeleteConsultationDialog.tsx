import { useEffect, useRef, useState } from 'react';
import type { EncounterFootprint } from '../storage/footprint';
import { countOf, formatAudioLength, formatBytes, formatDateTime } from './format';

interface Props {
  patientLabel: string;
  createdAt: number;
  /** What the consultation holds now; undefined while it is being counted. */
  footprint: EncounterFootprint | undefined;
  /** The retention setting already deleted the audio. */
  audioAlreadyDeleted: boolean;
  /** Deletes; resolves to a Spanish message when it did not (the dialog stays open), null when it did. */
  onDelete(): Promise<string | null>;
  onCancel(): void;
}

/** What deleting loses, one line each, with counts: the doctor sees exactly what goes. */
export function deletionLosses(footprint: EncounterFootprint, audioAlreadyDeleted: boolean): string[] {
  const audio = audioAlreadyDeleted
    ? 'El audio ya se había borrado por la conservación configurada.'
    : footprint.audioBytes === 0
      ? 'Sin audio grabado.'
      : `${formatAudioLength(footprint.audioMs)} de audio (${formatBytes(footprint.audioBytes)}).`;
  const notes =
    footprint.noteVersions === 0
      ? 'Sin nota.'
      : `${countOf(footprint.noteVersions, 'versión', 'versiones')} de la nota` +
        (footprint.signedNoteVersions === 0
          ? ', ninguna firmada.'
          : footprint.signedNoteVersions === footprint.noteVersions && footprint.noteVersions === 1
            ? ', firmada.'
            : `, ${countOf(footprint.signedNoteVersions, 'firmada', 'firmadas')}.`);
  return [
    audio,
    `${countOf(footprint.segments, 'segmento', 'segmentos')} de transcripción.`,
    notes,
    `${countOf(footprint.documentVersions, 'versión', 'versiones')} de documentos (indicaciones, cartas).`,
  ];
}

/**
 * «Eliminar consulta» asks first, naming the patient, the date and what will be lost with counts;
 * «Eliminar definitivamente» deletes, «Cancelar» (or Esc) keeps everything.
 */
export function DeleteConsultationDialog({ patientLabel, createdAt, footprint, audioAlreadyDeleted, onDelete, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const remove = async () => {
    setDeleting(true);
    setFailure(null);
    const message = await onDelete();
    if (message) {
      setFailure(message);
      setDeleting(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="delete-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!deleting) onCancel();
      }}
    >
      <h3 id="delete-dialog-title">Eliminar la consulta</h3>
      <p>
        Se borrará de esta computadora la consulta de <strong>{patientLabel || 'paciente sin nombre'}</strong> (
        {formatDateTime(createdAt)}). No se puede deshacer.
      </p>
      {footprint === undefined ? (
        <p role="status">Contando lo que guarda la consulta…</p>
      ) : (
        <>
          <p>Se pierde:</p>
          <ul aria-label="Lo que se pierde" className="confirm-dialog-losses">
            {deletionLosses(footprint, audioAlreadyDeleted).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <p className="hint">El registro de auditoría conserva solo que la consulta existió y cuándo se eliminó, sin datos del paciente.</p>
      {failure && (
        <p role="alert" className="alert alert-error">
          {failure}
        </p>
      )}
      <div className="confirm-dialog-actions">
        <button type="button" className="danger" disabled={footprint === undefined || deleting} onClick={() => void remove()}>
          Eliminar definitivamente
        </button>
        <button type="button" onClick={onCancel} disabled={deleting}>
          Cancelar
        </button>
      </div>
    </dialog>
  );
}
