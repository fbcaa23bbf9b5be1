/**
 * Only one tab of Escriba transcribes (one model in memory, one writer of segments). The lock is
 * asked for without waiting first, to know at once whether another tab has it; then queued, so
 * this tab takes over when that one closes.
 */
import { useEffect, useState } from 'react';
import { TRANSCRIBER_LOCK } from './transcriptionService';

export type LockState = 'asking' | 'held' | 'elsewhere';

export function useTranscriberLock(): LockState {
  const [state, setState] = useState<LockState>('asking');
  useEffect(() => {
    const locks = navigator.locks;
    // Without Web Locks (very old browsers) this tab simply transcribes.
    if (!locks) {
      setState('held');
      return;
    }
    const release = new AbortController();
    const hold = () => {
      setState('held');
      return new Promise<void>((resolve) => release.signal.addEventListener('abort', () => resolve()));
    };
    locks
      .request(TRANSCRIBER_LOCK, { ifAvailable: true }, (lock) => {
        if (lock) return hold();
        setState('elsewhere');
        return locks.request(TRANSCRIBER_LOCK, { signal: release.signal }, hold).catch(() => undefined);
      })
      .catch(() => undefined);
    return () => release.abort();
  }, []);
  return state;
}
