import { useState } from 'react';
import { encounters } from '../storage';
import { Alert } from '../ui/Alert';
import { ConsultationSize } from '../ui/ConsultationSize';
import { EncounterDetailsForm } from '../ui/EncounterDetailsForm';
import { STATUS_LABELS, formatDateTime } from '../ui/format';
import { useConsultationSize, useEncounter } from './data';
import { DeleteConsultation } from './DeleteConsultation';
import { DocumentsPanel } from './DocumentsPanel';
import { Playback } from './Playback';
import { NotePanel } from './NotePanel';
import { createPlayer, PlayerContext } from './player';
import { RecordingPanel } from './RecordingPanel';
import { TranscriptPanel } from './TranscriptPanel';
import { useDisplayStatus } from './useDisplayStatus';
import { CONSULTATIONS_HREF } from './useHashRoute';

export function ConsultationScreen({ encounterId }: { encounterId: string }) {
  const encounter = useEncounter(encounterId);
  const statusOf = useDisplayStatus();
  // One player per consultation screen (the App keys this screen by consultation).
  const [player] = useState(createPlayer);
  const [refusal, setRefusal] = useState<string | null>(null);
  const status = encounter ? statusOf(encounter) : 'new';
  const size = useConsultationSize(encounterId, status === 'recording' || status === 'importing');

  if (encounter === undefined) return <p className="empty">Cargando consulta…</p>;
  if (encounter === null) {
    return (
      <section>
        <a className="back-link" href={CONSULTATIONS_HREF}>
          <span aria-hidden="true">← </span>Consultas
        </a>
        <p className="empty">Esta consulta no existe en esta computadora.</p>
      </section>
    );
  }

  return (
    <article aria-labelledby="consultation-title">
      <a className="back-link" href={CONSULTATIONS_HREF}>
        <span aria-hidden="true">← </span>Consultas
      </a>
      <div className="screen-header">
        <div>
          <h1 id="consultation-title">{encounter.patientLabel || 'Consulta sin nombre'}</h1>
          <p className="subtitle">
            {formatDateTime(encounter.createdAt)} · {STATUS_LABELS[status]}
          </p>
          <ConsultationSize audio={size.audio} text={size.text} audioDeleted={encounter.audioDeleted !== undefined} />
        </div>
        <div className="screen-actions">
          <DeleteConsultation encounter={encounter} status={status} onRefused={setRefusal} />
        </div>
      </div>
      {refusal && <Alert message={refusal} onDismiss={() => setRefusal(null)} />}
      <section className="card" aria-label="Datos de la consulta">
        <EncounterDetailsForm
          key={encounter.id}
          initial={{ patientLabel: encounter.patientLabel, reason: encounter.reason }}
          onSave={(details) => encounters.updateDetails(encounter.id, details)}
        />
      </section>
      <RecordingPanel encounter={encounter} status={status} />
      <PlayerContext.Provider value={player}>
        <TranscriptPanel encounter={encounter} />
        <NotePanel encounter={encounter} />
        <DocumentsPanel encounter={encounter} />
        <Playback encounter={encounter} />
      </PlayerContext.Provider>
    </article>
  );
}
