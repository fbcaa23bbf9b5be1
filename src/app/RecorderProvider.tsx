/**
 * The one recorder the app owns. It lives above the screens so a recording goes on while the
 * doctor looks at the list or another consultation.
 */
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createRecorder } from '../audio/createRecorder';
import type { Recorder, RecorderState } from '../audio/recorder';

export interface Recording {
  recorder: Recorder;
  state: RecorderState;
  /** The consultation the recorder last started; its state belongs to it. */
  encounterId: string | null;
  /** Recording or paused: audio of `encounterId` is still being captured or may be resumed. */
  busy: boolean;
}

const RecordingContext = createContext<Recording | null>(null);

export function RecorderProvider({ children }: { children: ReactNode }) {
  const [recorder] = useState(createRecorder);
  const state = useSyncExternalStore(
    (onChange) => recorder.subscribe(onChange),
    () => recorder.getState(),
  );

  useEffect(() => () => void recorder.dispose(), [recorder]);

  const value = useMemo<Recording>(() => {
    const busy = state.phase === 'starting' || state.phase === 'recording' || state.phase === 'paused';
    return { recorder, state, encounterId: state.encounterId ?? null, busy };
  }, [recorder, state]);

  return <RecordingContext.Provider value={value}>{children}</RecordingContext.Provider>;
}

export function useRecording(): Recording {
  const recording = useContext(RecordingContext);
  if (!recording) throw new Error('useRecording outside RecorderProvider');
  return recording;
}
