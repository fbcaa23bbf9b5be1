/**
 * "Importar audio": the doctor brings a recording made elsewhere (a phone, a dictaphone) instead of
 * recording here. `ImportAudioButton` sits beside "Nueva consulta"; `ImportAudioStatus` shows the
 * import's progress, its cancel button and, if it fails, why. Both follow the app's one
 * ImportSession, which outlives this screen.
 */
import { useRef, useSyncExternalStore } from 'react';
import { IMPORT_ACCEPT } from '../audio/import/formats';
import { importAudioFile } from '../audio/import/importAudio';
import { ImportSession, type ImportView } from '../audio/import/importSession';
import { openAudioFile } from '../audio/import/openAudioFile';
import { webRecordingLocks } from '../audio/recordingLock';
import { spanishMessage } from '../shared/messages';
import { audio, encounters } from '../storage';
import { Alert } from '../ui/Alert';
import { consultationHref, parseRoute } from './useHashRoute';

const session = new ImportSession((file, options) =>
  importAudioFile(file, { encounters, audio, locks: webRecordingLocks, open: openAudioFile }, options),
);

function useImportView(): ImportView {
  return useSyncExternalStore(session.subscribe, session.getView);
}

function isRunning(view: ImportView): boolean {
  return view.phase === 'reading' || view.phase === 'storing' || view.phase === 'cancelling';
}

export function ImportAudioButton() {
  const running = isRunning(useImportView());
  const input = useRef<HTMLInputElement>(null);

  async function importFile(file: File) {
    const result = await session.start(file);
    // The doctor may have opened something else meanwhile: only a doctor still on the list is taken
    // to the new consultation; otherwise it waits there, at the top.
    if (result?.outcome === 'imported' && parseRoute(window.location.hash).screen === 'consultations') {
      window.location.hash = consultationHref(result.encounterId);
    }
  }

  return (
    <>
      {/* The native input would speak the browser's language ("Choose File"); this button speaks Spanish. */}
      <button type="button" onClick={() => input.current?.click()} disabled={running}>
        Importar audio
      </button>
      <input
        ref={input}
        type="file"
        accept={IMPORT_ACCEPT}
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same file again (after fixing it) fires a change.
          event.target.value = '';
          if (file) void importFile(file);
        }}
      />
    </>
  );
}

const PHASE_TEXT: Record<'reading' | 'storing' | 'cancelling', string> = {
  reading: 'Leyendo el archivo…',
  storing: 'Guardando el audio…',
  cancelling: 'Cancelando la importación…',
};

export function ImportAudioStatus() {
  const view = useImportView();
  if (view.phase === 'idle') return null;
  if (view.phase === 'failed') return <Alert message={spanishMessage(view.error)} onDismiss={session.dismiss} />;
  const percent = view.phase === 'storing' ? view.percent : undefined;
  return (
    <section className="card import-progress" aria-labelledby="import-title">
      <h2 id="import-title">Importando «{view.fileName}»</h2>
      <div className="import-progress-row">
        {/* Without a value the bar is indeterminate: the browser's decoder reports no progress. */}
        <progress aria-label="Progreso de la importación" max={100} value={percent} />
        <span className="import-percent" aria-hidden="true">
          {percent !== undefined ? `${percent} %` : ''}
        </span>
        <button type="button" onClick={session.cancel} disabled={view.phase === 'cancelling'}>
          Cancelar importación
        </button>
      </div>
      <p className="hint" role="status">
        {PHASE_TEXT[view.phase]}
      </p>
      {view.phase !== 'cancelling' && (
        <p className="hint">
          {view.phase === 'reading' ? 'Un archivo largo puede tardar un minuto o más en leerse. ' : ''}
          Mantenga esta pestaña abierta hasta que termine: si se cierra, la importación se descarta.
        </p>
      )}
    </section>
  );
}
