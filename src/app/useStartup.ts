/**
 * Work done once before the screens render: recover consultations whose recording tab died, apply
 * the audio retention setting, and ask the browser to keep our data under disk pressure. The UI
 * waits for recovery so it never offers "Grabar" on a consultation that is about to turn out
 * interrupted, and for retention so it never offers to play audio that is about to be deleted.
 */
import { useEffect, useState } from 'react';
import { recoverInterrupted, requestPersistentStorage, runAudioRetention } from '../storage';

export type StartupState =
  | { phase: 'starting' }
  | {
      phase: 'ready';
      interruptedIds: ReadonlySet<string>;
      recoveryWriteError?: unknown;
      /** The retention setting could not be applied this time (the app works; the audio stays). */
      retentionError?: unknown;
    }
  | { phase: 'failed'; error: unknown };

export function useStartup(): StartupState {
  const [state, setState] = useState<StartupState>({ phase: 'starting' });
  useEffect(() => {
    let alive = true;
    void requestPersistentStorage().catch(() => false);
    (async () => {
      const { interruptedIds, writeError } = await recoverInterrupted();
      // After recovery: a consultation it marks interrupted is not finished, so retention keeps its audio.
      const retentionError = await runAudioRetention().then(
        () => undefined,
        (error: unknown) => error ?? new Error('retention failed'),
      );
      return { interruptedIds, writeError, retentionError };
    })().then(
      ({ interruptedIds, writeError, retentionError }) =>
        alive &&
        setState({
          phase: 'ready',
          interruptedIds: new Set(interruptedIds),
          recoveryWriteError: writeError,
          ...(retentionError === undefined ? {} : { retentionError }),
        }),
      (error: unknown) => alive && setState({ phase: 'failed', error }),
    );
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
