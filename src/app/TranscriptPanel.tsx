import { useMemo, useRef, useState } from 'react';
import { spanishMessage } from '../shared/messages';
import { transcript, type Encounter } from '../storage';
import { Alert } from '../ui/Alert';
import { TranscriptList } from '../ui/TranscriptList';
import type { SegmentActions } from '../ui/TranscriptSegmentRow';
import { useTranscript } from './data';
import { useHighlightedSegments } from './evidence';
import { usePlayer, type PlayOutcome } from './player';
import { transcriptStatusLine } from './transcriptStatus';
import { useTranscription } from './transcriptionContext';
import { useDisplayStatus } from './useDisplayStatus';
import { MODELS_HREF } from './useHashRoute';

const PLAY_REFUSALS: Record<Exclude<PlayOutcome, 'playing'>, string> = {
  capturing: 'Podrá escuchar el audio al pausar o detener la grabación.',
  'no-audio': 'Todavía no hay audio para escuchar.',
  failed: 'No se pudo reproducir el audio. Sigue guardado; recargue la página para intentar de nuevo.',
  'audio-deleted': 'El audio de esta consulta se borró por la conservación configurada; la transcripción y la nota se conservan.',
};

/**
 * The consultation's transcript as it is stored, live while recording: play from a segment, say
 * who spoke, correct it, transcribe it again; and one status line on how transcription is going.
 */
export function TranscriptPanel({ encounter }: { encounter: Encounter }) {
  const segments = useTranscript(encounter.id);
  const transcription = useTranscription();
  const player = usePlayer();
  const status = useDisplayStatus()(encounter);
  const capturing = status === 'recording';
  const [dismissedNotice, setDismissedNotice] = useState<string>();
  const highlighted = useHighlightedSegments(encounter.id);

  // The service's value changes with every status update; the rows' actions must not, or every
  // row would re-render on each one. They reach the latest service through this ref.
  const service = useRef(transcription);
  service.current = transcription;
  const actions = useMemo<SegmentActions>(
    () => ({
      play: async (segment) => {
        const outcome = await player.playFrom(segment.startMs);
        return outcome === 'playing' ? null : PLAY_REFUSALS[outcome];
      },
      correct: (segment, text) => failureMessage(() => transcript.correct(segment.id, text)),
      retranscribe: (segment) => failureMessage(() => service.current.retranscribe(segment)),
      setRole: (segment, role) => failureMessage(() => transcript.correctRole(segment.id, role)),
    }),
    [player],
  );

  const line = transcriptStatusLine(transcription, encounter, capturing);
  const notice = transcription.speech.notice;
  const count = segments?.length ?? 0;

  return (
    <section className="card transcript" aria-labelledby="transcript-title">
      <div className="transcript-header">
        <h2 id="transcript-title">Transcripción</h2>
        {count > 0 && (
          <span className="transcript-count">
            {count} {count === 1 ? 'segmento' : 'segmentos'}
          </span>
        )}
      </div>
      {/* Always mounted: a live region only announces changes made after it exists. */}
      <p role="status" className="transcript-status">
        {line?.kind === 'no-model' ? (
          <>
            Para transcribir, instale un modelo de voz en <a href={MODELS_HREF}>Modelos</a>.
          </>
        ) : (
          line?.text
        )}
      </p>
      {notice && notice !== dismissedNotice && (
        <Alert tone="warning" message={notice} onDismiss={() => setDismissedNotice(notice)} />
      )}
      {transcription.error && (
        <div role="alert" className="alert alert-error">
          <p>{transcription.error}</p>
          <button type="button" onClick={() => transcription.retry()}>
            Reintentar
          </button>
        </div>
      )}
      {segments === undefined ? (
        <p className="transcript-empty">Cargando transcripción…</p>
      ) : (
        <TranscriptList
          segments={segments}
          actions={actions}
          canRetranscribe={transcription.availability.kind === 'available' && encounter.audioDeleted === undefined}
          highlightedIds={highlighted}
          emptyText={
            capturing || status === 'paused'
              ? 'La transcripción aparecerá aquí mientras graba.'
              : 'Todavía no hay transcripción.'
          }
        />
      )}
    </section>
  );
}

async function failureMessage(action: () => Promise<void>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (error) {
    return spanishMessage(error);
  }
}
