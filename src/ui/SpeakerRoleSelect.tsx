import type { ChangeEvent } from 'react';
import type { RoleSource, SpeakerRole } from '../storage/types';

export const SPEAKER_ROLES: readonly SpeakerRole[] = ['médico', 'paciente', 'acompañante', 'sin asignar'];

export const SPEAKER_ROLE_LABELS: Record<SpeakerRole, string> = {
  médico: 'Médico',
  paciente: 'Paciente',
  acompañante: 'Acompañante',
  'sin asignar': 'Sin asignar',
};

/** CSS class per role (ASCII: class names stay easy to type in a stylesheet). */
const ROLE_CLASS: Record<SpeakerRole, string> = {
  médico: 'segment-role-medico',
  paciente: 'segment-role-paciente',
  acompañante: 'segment-role-acompanante',
  'sin asignar': 'segment-role-sin-asignar',
};

interface Props {
  /** The segment's time as the row shows it ("1:23"): the control's name says which segment. */
  clock: string;
  role: SpeakerRole;
  source: RoleSource;
  onChange(role: SpeakerRole): void;
}

/**
 * Who said a segment, as a native select: keyboard and screen-reader support come with it, and
 * the closed control is just the role's name. Escriba's guess is drawn lighter (dashed) than a
 * role the doctor chose, and says so in its description.
 */
export function SpeakerRoleSelect({ clock, role, source, onChange }: Props) {
  const change = (event: ChangeEvent<HTMLSelectElement>) => {
    const chosen = SPEAKER_ROLES.find((r) => r === event.target.value);
    if (chosen) onChange(chosen);
  };
  return (
    <select
      className={`segment-role ${ROLE_CLASS[role]}${source === 'auto' ? ' segment-role-auto' : ''}`}
      aria-label={`Hablante del segmento ${clock}`}
      title={source === 'auto' ? 'Asignado por Escriba: puede cambiarlo' : 'Elegido por usted'}
      value={role}
      onChange={change}
    >
      {SPEAKER_ROLES.map((r) => (
        <option key={r} value={r}>
          {SPEAKER_ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}
