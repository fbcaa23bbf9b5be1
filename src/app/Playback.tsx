import { useEffect, useState } from 'react';
import { wavBlobFromChunks } from '../audio/wav';
import { audio, type AudioDeletion, type Encounter } from '../storage';
import { Alert } from '../ui/Alert';
import { formatDate } from '../ui/format';
import { usePlayer, type PlayRefusal } from './player';
import { useDisplayStatus } from './useDisplayStatus';

/**
 * Plays the stored audio. The WAV is assembled from IndexedDB chunks as a Blob (kept by the browser,
 * not in JS memory) and rebuilt only when the stored audio changes while nothing records it: while
 * this tab or another one records, the audio grows every second and a rebuild would be stale at once.
 * The `<audio>` is the consultation's player (see ./player): the transcript plays it from a segment.
 */
export function Playback({ encounter }: { encounter: Encounter }) {
  // Live knowledge first (this tab's recorder, start-up recovery), else the stored status, which is
  // how a recording in another tab shows. An import still storing its file grows like a
  // recording: no player until it is whole.
  const status = useDisplayStatus()(encounter);
  const capturing = status === 'recording' || status === 'importing';
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  const { id, storedSamples } = encounter;
  const player = usePlayer();
  const deleted = encounter.audioDeleted;
  const refusal: PlayRefusal | null = deleted
    ? 'audio-deleted'
    : capturing
      ? 'capturing'
      : storedSamples === 0
        ? 'no-audio'
        : failed && !url
          ? 'failed'
          : null;

  useEffect(() => player.setRefusal(refusal), [player, refusal]);

  useEffect(() => {
    if (capturing || storedSamples === 0 || deleted) return;
    let alive = true;
    setFailed(false);
    wavBlobFromChunks(audio.chunks(id)).then(
      (blob) => alive && setUrl(URL.createObjectURL(blob)),
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
    };
  }, [id, storedSamples, capturing, deleted]);

  // The player keeps the previous audio until its replacement is ready; only then is it released.
  useEffect(() => {
    if (!url) return;
    return () => URL.revokeObjectURL(url);
  }, [url]);

  return (
    // Pinned to the window foot while it can play: the transcript above it can be long.
    <section className={`card playback${refusal ? '' : ' playback-ready'}`} aria-labelledby="playback-title">
      <h2 id="playback-title">Audio</h2>
      {failed && <Alert message="No se pudo preparar el audio para reproducirlo. El audio sigue guardado; recargue la página para intentar de nuevo." />}
      {deleted ? (
        <p className="hint">{audioDeletedText(deleted)}</p>
      ) : storedSamples === 0 ? (
        <p className="hint">Todavía no hay audio grabado.</p>
      ) : capturing ? (
        <p className="hint">Podrá escuchar el audio al pausar o detener la grabación.</p>
      ) : (
        <audio ref={player.attach} controls preload="metadata" src={url} aria-label="Reproducción de la consulta" />
      )}
    </section>
  );
}

/** Said in the Audio card and when the transcript or the note is asked to play. */
export function audioDeletedText(deletion: AudioDeletion): string {
  return `El audio de esta consulta se borró el ${formatDate(deletion.at)} por la conservación configurada (después de ${deletion.afterDays} días). La transcripción y las notas se conservan.`;
}
