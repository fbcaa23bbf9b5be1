/** Composition root: start-up, routing, the app frame, and the one recorder, transcriber and text model the app owns. */
import { useEffect, useState } from 'react';
import { spanishMessage } from '../shared/messages';
import { Alert } from '../ui/Alert';
import { StorageIndicator } from '../ui/StorageIndicator';
import { UpdatePrompt } from '../ui/UpdatePrompt';
import { ConsultationScreen } from './ConsultationScreen';
import { ConsultationsScreen } from './ConsultationsScreen';
import { useStorageStatus } from './data';
import { registerServiceWorker, type UpdateHandle } from './pwa';
import { RecorderProvider, useRecording } from './RecorderProvider';
import { RecordingIndicator } from './RecordingIndicator';
import { NoteEngineProvider } from './NoteEngineProvider';
import { TranscriptionProvider } from './TranscriptionProvider';
import { startupFailureMessage } from './startupFailure';
import { InterruptedIdsContext } from './useDisplayStatus';
import { ModelsScreen } from './ModelsScreen';
import { CONSULTATIONS_HREF, MODELS_HREF, useHashRoute } from './useHashRoute';
import { useStartup } from './useStartup';

let serviceWorkerRegistered = false;

export function App() {
  return (
    <RecorderProvider>
      <TranscriptionProvider>
        <NoteEngineProvider>
          <AppFrame />
        </NoteEngineProvider>
      </TranscriptionProvider>
    </RecorderProvider>
  );
}

function AppFrame() {
  const startup = useStartup();
  const route = useHashRoute();
  const storage = useStorageStatus();
  const recording = useRecording();
  const [update, setUpdate] = useState<UpdateHandle>();

  useEffect(() => {
    if (serviceWorkerRegistered) return;
    serviceWorkerRegistered = true;
    registerServiceWorker(setUpdate);
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <a className="brand" href={CONSULTATIONS_HREF}>
          Escriba
        </a>
        <span className="brand-tagline">Notas clínicas en su computadora</span>
        <nav aria-label="Secciones" className="app-nav">
          <a href={CONSULTATIONS_HREF} aria-current={route.screen !== 'models' ? 'page' : undefined}>
            Consultas
          </a>
          <a href={MODELS_HREF} aria-current={route.screen === 'models' ? 'page' : undefined}>
            Modelos
          </a>
        </nav>
        <RecordingIndicator />
      </header>
      {update && <UpdatePrompt onUpdate={update.apply} blocked={recording.busy} />}
      <main>
        {startup.phase === 'starting' && <p className="empty">Abriendo Escriba…</p>}
        {startup.phase === 'failed' && (
          <Alert message={startupFailureMessage(startup.error)} />
        )}
        {startup.phase === 'ready' && (
          <InterruptedIdsContext.Provider value={startup.interruptedIds}>
            {startup.recoveryWriteError !== undefined && (
              <Alert tone="warning" message={spanishMessage(startup.recoveryWriteError)} />
            )}
            {startup.retentionError !== undefined && (
              <Alert
                tone="warning"
                message={`No se pudo aplicar la conservación del audio al abrir Escriba; el audio sigue guardado. ${spanishMessage(startup.retentionError)}`}
              />
            )}
            {route.screen === 'consultation' ? (
              <ConsultationScreen key={route.encounterId} encounterId={route.encounterId} />
            ) : route.screen === 'models' ? (
              <ModelsScreen />
            ) : (
              <ConsultationsScreen />
            )}
          </InterruptedIdsContext.Provider>
        )}
      </main>
      <footer className="app-footer">
        <StorageIndicator status={storage} />
        <p>Los datos de sus pacientes se guardan solo en esta computadora.</p>
      </footer>
    </div>
  );
}
