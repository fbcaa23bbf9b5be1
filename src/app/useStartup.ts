/**
 * Work done once before the screens render: recover consultations whose recording tab died, and ask
 * the browser to keep our data under disk pressure. The UI waits for recovery so it never offers
 * "Grabar" on a consultation that is about to turn out interrupted.
 */
import { useEffect, useState } from 'react';
import { recoverInterrupted, requestPersistentStorage } from '../storage';

export type StartupState =
  | { phase: 'starting' }
  | { phase: 'ready'; interruptedIds: ReadonlySet<string>; recoveryWriteError?: unknown }
  | { phase: 'failed'; error: unknown };

export function useStartup(): StartupState {
  const [state, setState] = useState<StartupState>({ phase: 'starting' });
  useEffect(() => {
    let alive = true;
    void requestPersistentStorage().catch(() => false);
    recoverInterrupted().then(
      ({ interruptedIds, writeError }) =>
        alive && setState({ phase: 'ready', interruptedIds: new Set(interruptedIds), recoveryWriteError: writeError }),
      (error: unknown) => alive && setState({ phase: 'failed', error }),
    );
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
