import { useEffect, useState } from 'react';
import { wavBlobFromChunks } from '../audio/wav';
import { audio, type Encounter } from '../storage';
import { Alert } from '../ui/Alert';
import { useDisplayStatus } from './useDisplayStatus';

/**
 * Plays the stored audio. The WAV is assembled from IndexedDB chunks as a Blob (kept by the browser,
 * not in JS memory) and rebuilt only when the stored audio changes while nothing records it: while
 * this tab or another one records, the audio grows every second and a rebuild would be stale at once.
 */
export function Playback({ encounter }: { encounter: Encounter }) {
  // Live knowledge first (this tab's recorder, start-up recovery), else the stored status, which is
  // how a recording in another tab shows.
  const capturing = useDisplayStatus()(encounter) === 'recording';
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  const { id, storedSamples } = encounter;

  useEffect(() => {
    if (capturing || storedSamples === 0) return;
    let alive = true;
    setFailed(false);
    wavBlobFromChunks(audio.chunks(id)).then(
      (blob) => alive && setUrl(URL.createObjectURL(blob)),
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
    };
  }, [id, storedSamples, capturing]);

  // The player keeps the previous audio until its replacement is ready; only then is it released.
  useEffect(() => {
    if (!url) return;
    return () => URL.revokeObjectURL(url);
  }, [url]);

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
