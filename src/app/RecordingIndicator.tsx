import { formatDuration } from '../ui/format';
import { useRecorderLevels, useRecording } from './RecorderProvider';
import { consultationHref } from './useHashRoute';

/** In the header on every screen, so a running recording is never out of sight. */
export function RecordingIndicator() {
  const { state, encounterId, busy } = useRecording();
  if (!busy || !encounterId) return null;
  const label = state.phase === 'paused' ? 'Grabación en pausa' : 'Grabando';
  return (
    <a className="recording-indicator" href={consultationHref(encounterId)}>
      {state.phase !== 'paused' && <span className="recording-dot" aria-hidden="true" />}
      {label} · <RecordedTime />
    </a>
  );
}

/** Its own component: the recorded time re-renders once a second, the rest of the header never. */
function RecordedTime() {
  return useRecorderLevels((levels) => formatDuration(levels.elapsedMs));
}
