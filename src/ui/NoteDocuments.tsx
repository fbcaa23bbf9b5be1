import { useId, useState, type FormEvent } from 'react';
import { parseDni } from '../export/fhir/patient';
import type { ExportOutcome } from '../app/noteExport';

interface Props {
  /** Why «Exportar FHIR» cannot be used now (a draft, missing data, open flags), or null. */
  exportBlocked: string | null;
  /** The doctor's name or matrícula is not filled in: a printed note would go out without them. */
  professionalMissing: boolean;
  /** Where the doctor fills them in. */
  settingsHref: string;
  patientLabel: string;
  onPrint(): void;
  onExport(dni: string | undefined): Promise<ExportOutcome>;
}

type Status = { kind: 'idle' } | { kind: 'exported'; fileName: string } | { kind: 'failed'; message: string };

/**
 * What the doctor takes out of Escriba for the shown version: «Imprimir» (the print layout,
 * NotePrint) and «Exportar FHIR», which first says what the file holds and lets them add the
 * patient's DNI (the consultation has only a label), then downloads it. Disabled controls say why.
 */
export function NoteDocuments(props: Props) {
  const [open, setOpen] = useState(false);
  const [dni, setDni] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const whyId = useId();
  const dniHintId = useId();
  const label = props.patientLabel.trim();
  const parsedDni = parseDni(dni);
  const unnamed = label === '' && !(parsedDni.ok && parsedDni.dni);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!parsedDni.ok || unnamed) return;
    setBusy(true);
    const outcome = await props.onExport(parsedDni.dni);
    setBusy(false);
    if (outcome.ok) {
      setOpen(false);
      setDni('');
      setStatus({ kind: 'exported', fileName: outcome.fileName });
    } else {
      setStatus({ kind: 'failed', message: outcome.message });
    }
  };

  return (
    <div className="note-documents">
      <div className="note-documents-row">
        <button type="button" onClick={props.onPrint}>
          Imprimir
        </button>
        <button
          type="button"
          disabled={props.exportBlocked !== null || open}
          aria-describedby={props.exportBlocked ? whyId : undefined}
          onClick={() => {
            setStatus({ kind: 'idle' });
            setOpen(true);
          }}
        >
          Exportar FHIR
        </button>
        {props.exportBlocked && (
          <p id={whyId} className="hint note-documents-why">
            {props.exportBlocked}
          </p>
        )}
      </div>
      {props.professionalMissing && (
        <p className="hint">
          La nota impresa lleva su nombre y matrícula: complételos en <a href={props.settingsHref}>Modelos</a>, en «Datos del
          profesional».
        </p>
      )}
      {open && props.exportBlocked === null && (
        <form className="export-panel" aria-label="Exportar FHIR" onSubmit={(e) => void submit(e)}>
          <p>
            Se descarga un archivo FHIR R4 (JSON) con esta versión firmada de la nota
            {label ? (
              <>
                {' '}
                de <strong>{label}</strong>
              </>
            ) : null}
            . Escriba no lo envía a ningún lado: usted decide dónde guardarlo.
          </p>
          <label className="export-dni">
            <span>DNI del paciente (opcional)</span>
            <input
              value={dni}
              onChange={(e) => setDni(e.target.value)}
              inputMode="numeric"
              autoComplete="off"
              aria-invalid={!parsedDni.ok}
              aria-describedby={dniHintId}
            />
          </label>
          <p id={dniHintId} className="hint">
            {parsedDni.ok
              ? unnamed
                ? 'La consulta no dice de qué paciente es: complete «Paciente» arriba o agregue el DNI.'
                : parsedDni.dni
                  ? `El archivo identifica al paciente por el nombre de la consulta y el DNI ${parsedDni.dni}.`
                  : 'Sin DNI, el archivo identifica al paciente solo por el nombre de la consulta.'
              : parsedDni.message}
          </p>
          <div className="export-actions">
            <button type="submit" className="primary" disabled={busy || !parsedDni.ok || unnamed}>
              Descargar archivo
            </button>
            <button type="button" className="quiet" onClick={() => setOpen(false)}>
              Cancelar
            </button>
          </div>
        </form>
      )}
      {status.kind === 'exported' && (
        <p role="status" className="hint">
          Archivo descargado: {status.fileName}. La exportación quedó registrada en el historial de la consulta.
        </p>
      )}
      {status.kind === 'failed' && (
        <div role="alert" className="alert alert-error">
          <p>{status.message}</p>
        </div>
      )}
    </div>
  );
}
