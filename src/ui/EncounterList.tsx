import type { Encounter, EncounterStatus } from '../storage/types';
import { durationMs } from '../storage/encounters';
import { STATUS_LABELS, formatDateTime, formatDuration, isoDuration } from './format';

interface Props {
  encounters: Encounter[];
  hrefFor: (encounterId: string) => string;
  statusOf: (encounter: Encounter) => EncounterStatus;
}

export function EncounterList({ encounters, hrefFor, statusOf }: Props) {
  return (
    <ul aria-label="Consultas" className="encounter-list">
      {encounters.map((e) => {
        const ms = durationMs(e);
        const status = statusOf(e);
        return (
          <li key={e.id}>
            <a href={hrefFor(e.id)} className="encounter-row">
              <span className="encounter-patient">{e.patientLabel || 'Sin nombre'}</span>
              <span className="encounter-reason">{e.reason || 'Sin motivo indicado'}</span>
              <span className="encounter-date">{formatDateTime(e.createdAt)}</span>
              <time className="encounter-duration" dateTime={isoDuration(ms)} aria-label={`Duración ${formatDuration(ms)}`}>
                {formatDuration(ms)}
              </time>
              <span className={`status-badge status-${status}`}>{STATUS_LABELS[status]}</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
