import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Professional } from '../storage/settings';

/**
 * «Datos del profesional»: the name and matrícula that head a printed note and sign a FHIR
 * export. Saved with «Guardar datos»; what is typed is kept while the stored values load.
 */
export function ProfessionalSettings({
  stored,
  onSave,
}: {
  stored: Professional | undefined;
  onSave: (professional: Professional) => Promise<string | null>;
}) {
  const [name, setName] = useState<string | null>(null);
  const [license, setLicense] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: 'saved' } | { kind: 'failed'; message: string } | null>(null);
  const hintId = useId();
  // Until the doctor types, the inputs show what is stored (also when it arrives after the first render).
  const shownName = name ?? stored?.name ?? '';
  const shownLicense = license ?? stored?.license ?? '';
  useEffect(() => setStatus(null), [name, license]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const failure = await onSave({ name: shownName, license: shownLicense });
    setStatus(failure ? { kind: 'failed', message: failure } : { kind: 'saved' });
  };

  return (
    <section className="card" aria-labelledby="professional-title">
      <h2 id="professional-title">Datos del profesional</h2>
      <form className="professional-form" onSubmit={(e) => void save(e)} aria-describedby={hintId}>
        <label>
          <span>Nombre del profesional</span>
          <input value={shownName} onChange={(e) => setName(e.target.value)} autoComplete="name" maxLength={120} placeholder="Dra. Ana Gómez" />
        </label>
        <label>
          <span>Matrícula</span>
          <input value={shownLicense} onChange={(e) => setLicense(e.target.value)} maxLength={60} placeholder="MN 123456" />
        </label>
        <button type="submit" disabled={stored === undefined}>
          Guardar datos
        </button>
      </form>
      <p id={hintId} className="hint">
        Encabezan la nota impresa y firman el archivo FHIR exportado. Se guardan solo en esta computadora.
      </p>
      {status?.kind === 'saved' && (
        <p role="status" className="hint">
          Datos guardados.
        </p>
      )}
      {status?.kind === 'failed' && (
        <p role="alert" className="alert alert-error">
          {status.message}
        </p>
      )}
    </section>
  );
}
