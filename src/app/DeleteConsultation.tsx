import { useState } from 'react';
import { consultationFootprint, deleteConsultation, EncounterNotFoundError, type Encounter, type EncounterFootprint, type EncounterStatus } from '../storage';
import { DeleteConsultationDialog } from '../ui/DeleteConsultationDialog';
import { formatDateTime } from '../ui/format';
import { busyMessage, deletionFailureMessage, deletionRefusal } from './consultationDeletion';
import { announceDeleted } from './deletedNotice';
import { useTranscription } from './transcriptionContext';
import { CONSULTATIONS_HREF } from './useHashRoute';

type Asking = { open: false } | { open: true; footprint: EncounterFootprint | undefined };

/**
 * «Eliminar consulta» on the consultation screen: refused with a reason while the consultation is
 * recorded, imported or transcribed; otherwise a dialog that counts what will be lost, and after
 * the deletion the list, which says what was deleted.
 */
export function DeleteConsultation({
  encounter,
  status,
  onRefused,
}: {
  encounter: Encounter;
  status: EncounterStatus;
  /** Why it cannot be deleted (Spanish), or null to clear: the screen shows it under its header. */
  onRefused(message: string | null): void;
}) {
  const transcription = useTranscription();
  const [asking, setAsking] = useState<Asking>({ open: false });
  const setRefusal = onRefused;

  const ask = () => {
    const busy = deletionRefusal(status, transcription.activeEncounterId === encounter.id);
    if (busy) return setRefusal(busyMessage(busy));
    setRefusal(null);
    setAsking({ open: true, footprint: undefined });
    consultationFootprint(encounter.id).then(
      (footprint) => {
        if (footprint) return setAsking((current) => (current.open ? { open: true, footprint } : current));
        setAsking({ open: false });
        setRefusal(deletionFailureMessage(new EncounterNotFoundError(encounter.id)));
      },
      (error: unknown) => {
        setAsking({ open: false });
        setRefusal(deletionFailureMessage(error));
      },
    );
  };

  const remove = async (): Promise<string | null> => {
    // Checked again: recording or transcription may have started while the dialog was open.
    const busy = deletionRefusal(status, transcription.activeEncounterId === encounter.id);
    if (busy) return busyMessage(busy);
    try {
      await deleteConsultation(encounter.id);
    } catch (error) {
      return deletionFailureMessage(error);
    }
    announceDeleted(`Se eliminó la consulta de ${encounter.patientLabel || 'paciente sin nombre'} (${formatDateTime(encounter.createdAt)}).`);
    window.location.hash = CONSULTATIONS_HREF;
    return null;
  };

  return (
    <>
      <button type="button" className="danger" onClick={ask}>
        Eliminar consulta
      </button>
      {asking.open && (
        <DeleteConsultationDialog
          patientLabel={encounter.patientLabel}
          createdAt={encounter.createdAt}
          footprint={asking.footprint}
          audioAlreadyDeleted={encounter.audioDeleted !== undefined}
          onDelete={remove}
          onCancel={() => setAsking({ open: false })}
        />
      )}
    </>
  );
}
