/**
 * The one recorder the app owns. It lives above the screens so a recording goes on while the
 * doctor looks at the list or another consultation.
 *
 * It is offered at two speeds. `useRecording()` changes only when the phase, the consultation or
 * the error does, so the app frame and the screens re-render a few times per consultation.
 * `useRecorderLevels()` follows every audio post (~10 a second) and is for the few small
 * components that show the level or the recorded time.
 */
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createRecorder } from '../audio/createRecorder';
import type { Recorder, RecorderLevels, RecorderState } from '../audio/recorder';

export interface Recording {
  recorder: Recorder;
  /** Phase, consultation and error: never changes with the audio itself. */
  state: RecorderState;
  /** The consultation the recorder last started; its state belongs to it. */
  encounterId: string | null;
  /** Starting, recording or paused: audio of `encounterId` is being captured or may be resumed. */
  busy: boolean;
}

const RecordingContext = createContext<Recording | null>(null);

export function RecorderProvider({ children }: { children: ReactNode }) {
  const [recorder] = useState(createRecorder);
  // The recorder's subscribe/getState are bound once, so this never resubscribes on a render.
  const state = useSyncExternalStore(recorder.subscribe, recorder.getState);

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

/**
 * What a component shows of the level or recorded time. `select` returns a primitive (a
 * percentage, a formatted time): React compares it with the last one, so the component
 * re-renders only when what it shows changes, not on every audio post.
 */
export function useRecorderLevels<T extends string | number | boolean>(select: (levels: RecorderLevels) => T): T {
  const { recorder } = useRecording();
  return useSyncExternalStore(recorder.subscribeLevels, () => select(recorder.getLevels()));
}
