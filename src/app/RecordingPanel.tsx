import { useState } from 'react';
import type { EscribaError } from '../shared/errors';
import { spanishMessage } from '../shared/messages';
import { durationMs, encounters, type Encounter, type EncounterStatus } from '../storage';
import { Alert } from '../ui/Alert';
import { LevelMeter } from '../ui/LevelMeter';
import { formatDuration } from '../ui/format';
import { useRecording } from './RecorderProvider';

interface Props {
  encounter: Encounter;
  /** As the doctor should see it (see displayStatus). */
  status: EncounterStatus;
}

/** Recorder controls for one consultation, including recovery of an interrupted recording. */
export function RecordingPanel({ encounter, status }: Props) {
  const recording = useRecording();
  const { recorder, state } = recording;
  const mine = recording.encounterId === encounter.id;
  const phase = mine ? state.phase : 'idle';
  const capturingHere = mine && recording.busy;
  const recordingOther = recording.busy && !mine;
  const [dismissed, setDismissed] = useState<EscribaError>();
  const error = mine && state.error && state.error !== dismissed ? state.error : undefined;
  const elapsedMs = capturingHere ? state.elapsedMs : durationMs(encounter);
  const interrupted = status === 'interrupted';
  // Recording, not in this tab, and start-up recovery saw its lock held: another tab has it.
  const inAnotherTab = (status === 'recording' || status === 'paused') && !capturingHere;

  const start = () => void recorder.start(encounter.id);

  return (
    <section className={`card${interrupted ? ' interrupted' : ''}`} aria-labelledby="recording-title">
      <h2 id="recording-title">Grabación</h2>
      {error && <Alert message={spanishMessage(error)} onDismiss={() => setDismissed(error)} />}
      {interrupted && (
        <p>
          <strong>La grabación se interrumpió</strong> (se cerró la pestaña, se recargó la página o se
          cerró el navegador). El audio quedó guardado hasta {formatDuration(elapsedMs)}. Puede seguir
          grabando en esta misma consulta o darla por terminada.
        </p>
      )}
      <div className="recorder">
        <div role="timer" aria-label="Tiempo grabado" className="recorder-timer">
          {formatDuration(elapsedMs)}
        </div>
        {capturingHere ? <LevelMeter level={state.level} /> : <div className="recorder-spacer" />}
        <div className="recorder-buttons">
          {interrupted ? (
            <>
              <button type="button" className="record" onClick={start} disabled={recordingOther}>
                Continuar grabando
              </button>
              <button type="button" onClick={() => void encounters.finishInterrupted(encounter.id)}>
                Finalizar
              </button>
            </>
          ) : phase === 'recording' ? (
            <>
              <button type="button" onClick={() => void recorder.pause()}>
                Pausar
              </button>
              <button type="button" className="primary" onClick={() => void recorder.stop()}>
                Detener
              </button>
            </>
          ) : phase === 'paused' ? (
            <>
              <button type="button" className="record" onClick={() => void recorder.resume()}>
                Reanudar
              </button>
              <button type="button" className="primary" onClick={() => void recorder.stop()}>
                Detener
              </button>
            </>
          ) : status === 'new' ? (
            <button type="button" className="record" onClick={start} disabled={recordingOther || phase === 'starting'}>
              Grabar
            </button>
          ) : null}
        </div>
      </div>
      {phase === 'starting' && <p className="hint">Abriendo el micrófono…</p>}
      {recordingOther && !inAnotherTab && (
        <p className="hint">Hay otra consulta grabándose. Deténgala para grabar esta.</p>
      )}
      {inAnotherTab && <p className="hint">Esta consulta se está grabando en otra pestaña o ventana de Escriba.</p>}
      {status === 'recorded' && <p className="hint">Grabación finalizada.</p>}
    </section>
  );
}
