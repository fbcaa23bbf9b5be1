import { useState } from 'react';
import { encounters } from '../storage';
import { EncounterDetailsForm } from '../ui/EncounterDetailsForm';
import { STATUS_LABELS, formatDateTime } from '../ui/format';
import { useEncounter } from './data';
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
            {formatDateTime(encounter.createdAt)} · {STATUS_LABELS[statusOf(encounter)]}
          </p>
        </div>
      </div>
      <section className="card" aria-label="Datos de la consulta">
        <EncounterDetailsForm
          key={encounter.id}
          initial={{ patientLabel: encounter.patientLabel, reason: encounter.reason }}
          onSave={(details) => encounters.updateDetails(encounter.id, details)}
        />
      </section>
      <RecordingPanel encounter={encounter} status={statusOf(encounter)} />
      <PlayerContext.Provider value={player}>
        <TranscriptPanel encounter={encounter} />
        <NotePanel encounter={encounter} />
        <Playback encounter={encounter} />
      </PlayerContext.Provider>
    </article>
  );
}
