import type { DownloadProgress } from '../model-manager/download.types';
import type { InstallState } from '../model-manager/installer';
import { spanishMessage } from '../shared/messages';
import { formatBytes, formatDuration } from './format';

interface Props {
  name: string;
  state: InstallState | undefined;
  /** False when the hardware cannot run the model: it is refused before any download. */
  allowed: boolean;
  onDownload: () => void;
  onPause: () => void;
  onRemove: () => void;
  /** This installed model is the one Escriba uses for its task. */
  inUse: boolean;
  /** Makes it the one in use; absent when it cannot be chosen (not runnable here). */
  onUse?: () => void;
}

function ProgressDetails({ name, progress }: { name: string; progress: DownloadProgress }) {
  const { receivedBytes, totalBytes, bytesPerSecond, secondsLeft } = progress;
  return (
    <div className="download-progress">
      <progress aria-label={`Descarga de ${name}`} max={totalBytes ?? undefined} value={totalBytes ? receivedBytes : undefined} />
      <p className="hint">
        {formatBytes(receivedBytes)}
        {totalBytes ? ` de ${formatBytes(totalBytes)}` : ''}
        {bytesPerSecond ? ` · ${formatBytes(bytesPerSecond)}/s` : ''}
        {secondsLeft !== undefined ? ` · quedan ${formatDuration(secondsLeft * 1000)}` : ''}
      </p>
      {progress.files.length > 1 && (
        <details>
          <summary>Archivos</summary>
          <ul className="file-progress">
            {progress.files.map((file) => (
              <li key={file.key}>
                <span>{file.key.slice(file.key.indexOf('/') + 1)}</span>
                <progress
                  aria-label={`Archivo ${file.key}`}
                  max={file.totalBytes ?? undefined}
                  value={file.totalBytes ? file.receivedBytes : undefined}
                />
                <span className="hint">{FILE_STATE_LABELS[file.state]}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

const FILE_STATE_LABELS = {
  pending: 'en espera',
  downloading: 'descargando',
  paused: 'en pausa',
  verifying: 'verificando',
  ready: 'verificado',
  error: 'error',
} as const;

/** The download state of one model and the commands that fit it. */
export function ModelActions({ name, state, allowed, onDownload, onPause, onRemove, inUse, onUse }: Props) {
  if (!state) return <p className="hint">Revisando…</p>;
  const remove = (
    <button type="button" className="quiet" onClick={onRemove} aria-label={`Eliminar ${name}`}>
      Eliminar
    </button>
  );
  switch (state.phase) {
    case 'unsupported':
      return <p className="hint">La descarga de este modelo todavía no está disponible en Escriba.</p>;
    case 'absent':
      return allowed ? (
        <button type="button" onClick={onDownload} aria-label={`Descargar ${name}`}>
          Descargar
        </button>
      ) : null;
    case 'partial':
      return (
        <>
          <p className="hint">Descarga incompleta: {formatBytes(state.storedBytes)} guardados.</p>
          {allowed && (
            <button type="button" onClick={onDownload} aria-label={`Reanudar descarga de ${name}`}>
              Reanudar descarga
            </button>
          )}
          {remove}
        </>
      );
    case 'queued':
      return (
        <>
          <p className="hint">En espera…</p>
          <button type="button" onClick={onPause} aria-label={`Pausar descarga de ${name}`}>
            Pausar
          </button>
        </>
      );
    case 'downloading':
      return (
        <>
          <p className="model-state">Descargando</p>
          <ProgressDetails name={name} progress={state.progress} />
          <button type="button" onClick={onPause} aria-label={`Pausar descarga de ${name}`}>
            Pausar
          </button>
        </>
      );
    case 'paused':
      return (
        <>
          <p className="model-state">En pausa</p>
          <ProgressDetails name={name} progress={state.progress} />
          <button type="button" onClick={onDownload} aria-label={`Reanudar descarga de ${name}`}>
            Reanudar descarga
          </button>
          {remove}
        </>
      );
    case 'ready':
      return (
        <>
          <p className="model-state model-ready">
            Listo · {formatBytes(state.storedBytes)}
            {/* The commit a branch was resolved to: which build this is, if someone asks. */}
            {state.commit && <> · versión {state.commit.slice(0, 7)}</>}
          </p>
          {inUse ? (
            <p className="hint">En uso</p>
          ) : (
            onUse && (
              <button type="button" onClick={onUse} aria-label={`Usar ${name}`}>
                Usar este modelo
              </button>
            )
          )}
          {remove}
        </>
      );
    case 'error':
      return (
        <>
          <p role="alert" className="model-refusal">
            {spanishMessage(state.error)}
          </p>
          {allowed && (
            <button type="button" onClick={onDownload} aria-label={`Reintentar descarga de ${name}`}>
              Reintentar
            </button>
          )}
          {state.storedBytes > 0 && remove}
        </>
      );
  }
}
