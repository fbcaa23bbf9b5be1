import { useEffect, useRef, useState } from 'react';
import type { EncounterDetails } from '../storage/encounters';

interface Props {
  initial: EncounterDetails;
  onSave: (details: EncounterDetails) => Promise<void>;
}

const SAVE_DELAY_MS = 400;

/** Saves as the doctor types (debounced) and on leaving the screen, so nothing typed is lost. */
export function EncounterDetailsForm({ initial, onSave }: Props) {
  const [details, setDetails] = useState(initial);
  const [saveState, setSaveState] = useState<'saved' | 'pending' | 'error'>('saved');
  const pending = useRef<EncounterDetails | null>(null);
  const saveRef = useRef(onSave);
  saveRef.current = onSave;

  useEffect(() => {
    if (pending.current === null) return;
    const timer = window.setTimeout(() => {
      const toSave = pending.current;
      pending.current = null;
      if (toSave) saveRef.current(toSave).then(() => setSaveState('saved'), () => setSaveState('error'));
    }, SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [details]);

  useEffect(
    () => () => {
      if (pending.current) void saveRef.current(pending.current);
    },
    [],
  );

  function change(field: keyof EncounterDetails, value: string) {
    const next = { ...details, [field]: value };
    pending.current = next;
    setSaveState('pending');
    setDetails(next);
  }

  return (
    <form className="details-form" onSubmit={(e) => e.preventDefault()}>
      <label>
        Paciente
        <input
          value={details.patientLabel}
          onChange={(e) => change('patientLabel', e.target.value)}
          placeholder="Iniciales o n.º de historia clínica (opcional)"
          autoComplete="off"
        />
      </label>
      <label>
        Motivo de consulta
        <input
          value={details.reason}
          onChange={(e) => change('reason', e.target.value)}
          placeholder="Opcional"
          autoComplete="off"
        />
      </label>
      <p className="save-state" aria-live="polite">
        {saveState === 'pending' ? 'Guardando…' : saveState === 'error' ? 'No se pudieron guardar los datos' : 'Guardado'}
      </p>
    </form>
  );
}
