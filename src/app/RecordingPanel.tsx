import { useEffect, useState } from 'react';
import { recordingLockName, watchLockRelease, webRecordingLocks } from '../audio/recordingLock';
import { type EscribaError, StorageFullError, isQuotaError } from '../shared/errors';
import { spanishMessage } from '../shared/messages';
import { durationMs, encounters, recoverInterrupted, type Encounter, type EncounterStatus } from '../storage';
import { Alert } from '../ui/Alert';
import { LevelMeter } from '../ui/LevelMeter';
import { formatDuration } from '../ui/format';
import { useRecorderLevels, useRecording } from './RecorderProvider';

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
  const [actionError, setActionError] = useState<string>();
  const [finishing, setFinishing] = useState(false);
  const error = mine && state.error && state.error !== dismissed ? state.error : undefined;
  // The stored status says some tab records it, and this one does not: ask the lock whether that
  // tab is still alive, rather than trust a status its death could not correct.
  const claimedElsewhere = (status === 'recording' || status === 'paused') && !capturingHere;
  const otherTab = useOtherTabRecording(encounter.id, claimedElsewhere);
  const interrupted = status === 'interrupted' || (claimedElsewhere && otherTab === 'gone');
  const inAnotherTab = claimedElsewhere && otherTab === 'recording';

  const start = () => {
    setActionError(undefined);
    recorder.start(encounter.id).catch((failure: unknown) => setActionError(spanishMessage(failure)));
  };
  const finish = async () => {
    setActionError(undefined);
    setFinishing(true);
    try {
      await encounters.finishInterrupted(encounter.id);
    } catch (failure) {
      setActionError(finishFailureMessage(failure));
    } finally {
      setFinishing(false);
    }
  };

  return (
    <section className={`card${interrupted ? ' interrupted' : ''}`} aria-labelledby="recording-title">
      <h2 id="recording-title">Grabación</h2>
      {error && <Alert message={spanishMessage(error)} onDismiss={() => setDismissed(error)} />}
      {actionError && <Alert message={actionError} onDismiss={() => setActionError(undefined)} />}
      {interrupted && (
        <p>
          <strong>La grabación se interrumpió</strong> (se cerró la pestaña, se recargó la página o se
          cerró el navegador). El audio quedó guardado hasta {formatDuration(durationMs(encounter))}. Puede
          seguir grabando en esta misma consulta o darla por terminada.
        </p>
      )}
      <div className="recorder">
        <div role="timer" aria-label="Tiempo grabado" className="recorder-timer">
          {capturingHere ? <LiveRecordedTime /> : formatDuration(durationMs(encounter))}
        </div>
        {capturingHere ? (
          <LevelMeter subscribe={recorder.subscribeLevels} getLevel={() => recorder.getLevels().level} />
        ) : (
          <div className="recorder-spacer" />
        )}
        <div className="recorder-buttons">
          {interrupted ? (
            <>
              <button type="button" className="record" onClick={start} disabled={recordingOther || finishing}>
                Continuar grabando
              </button>
              <button type="button" onClick={() => void finish()} disabled={finishing}>
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
      {recordingOther && !claimedElsewhere && (
        <p className="hint">Hay otra consulta grabándose. Deténgala para grabar esta.</p>
      )}
      {claimedElsewhere && otherTab === 'checking' && <p className="hint">Comprobando si otra pestaña está grabando esta consulta…</p>}
      {inAnotherTab && <p className="hint">Esta consulta se está grabando en otra pestaña o ventana de Escriba.</p>}
      {status === 'recorded' && <p className="hint">Grabación finalizada.</p>}
    </section>
  );
}

/** The recorded time while this tab captures: re-renders once a second, not the whole panel. */
function LiveRecordedTime() {
  return useRecorderLevels((levels) => formatDuration(levels.elapsedMs));
}

type OtherTab = 'checking' | 'recording' | 'gone';

/**
 * While `claimed` (the stored status says a tab records this consultation, and it is not this
 * one), whether that tab still holds the recording lock. Once it is gone, the consultation is
 * marked interrupted in storage as start-up recovery would, so the list and the header agree.
 */
function useOtherTabRecording(encounterId: string, claimed: boolean): OtherTab {
  const [seen, setSeen] = useState<{ encounterId: string; otherTab: OtherTab }>();
  useEffect(() => {
    if (!claimed) return;
    const stop = watchLockRelease(webRecordingLocks, recordingLockName(encounterId), {
      onHeld: () => setSeen({ encounterId, otherTab: 'recording' }),
      onReleased: () => {
        setSeen({ encounterId, otherTab: 'gone' });
        // Best effort: if this write fails too (a full disk), the panel still shows the truth.
        void recoverInterrupted().catch(() => undefined);
      },
    });
    return () => {
      stop();
      setSeen(undefined);
    };
  }, [encounterId, claimed]);
  return claimed && seen?.encounterId === encounterId ? seen.otherTab : 'checking';
}

function finishFailureMessage(error: unknown): string {
  if (error instanceof StorageFullError || isQuotaError(error)) {
    return 'No queda espacio en esta computadora, así que la consulta no se pudo finalizar y sigue interrumpida. El audio grabado no se perdió: libere espacio en el disco y vuelva a presionar «Finalizar».';
  }
  return 'No se pudo finalizar la consulta; sigue interrumpida. El audio grabado no se perdió: vuelva a presionar «Finalizar» y, si se repite, recargue la página.';
}
