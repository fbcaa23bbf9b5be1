import { useEffect, useState } from 'react';
import { wavBlobFromChunks } from '../audio/wav';
import { audio, type Encounter } from '../storage';
import { Alert } from '../ui/Alert';
import { useRecording } from './RecorderProvider';

/**
 * Plays the stored audio. The WAV is assembled from IndexedDB chunks as a Blob (kept by the browser,
 * not in JS memory) and rebuilt only when the stored audio changes outside of live capture.
 */
export function Playback({ encounter }: { encounter: Encounter }) {
  const { encounterId, state } = useRecording();
  const capturing = encounterId === encounter.id && (state.phase === 'recording' || state.phase === 'starting');
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  const { id, storedSamples } = encounter;

  useEffect(() => {
    if (capturing || storedSamples === 0) return;
    let alive = true;
    let objectUrl: string | undefined;
    setFailed(false);
    wavBlobFromChunks(audio.chunks(id)).then(
      (blob) => {
        if (!alive) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [id, storedSamples, capturing]);

  return (
    <section className="card" aria-labelledby="playback-title">
      <h2 id="playback-title">Audio</h2>
      {failed && <Alert message="No se pudo preparar el audio para reproducirlo. El audio sigue guardado; recargue la página para intentar de nuevo." />}
      {storedSamples === 0 ? (
        <p className="hint">Todavía no hay audio grabado.</p>
      ) : capturing ? (
        <p className="hint">Podrá escuchar el audio al pausar o detener la grabación.</p>
      ) : (
        <audio controls preload="metadata" src={url} aria-label="Reproducción de la consulta" />
      )}
    </section>
  );
}
