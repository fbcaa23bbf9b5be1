import { createContext, useCallback, useContext } from 'react';
import type { Encounter, EncounterStatus } from '../storage/types';
import { displayStatus } from './displayStatus';
import { useRecording } from './RecorderProvider';

/** Consultations start-up recovery found orphaned; provided by the app frame. */
export const InterruptedIdsContext = createContext<ReadonlySet<string>>(new Set());

export function useDisplayStatus(): (encounter: Encounter) => EncounterStatus {
  const { state, encounterId, busy } = useRecording();
  const interruptedIds = useContext(InterruptedIdsContext);
  const capturingId = busy ? encounterId : null;
  const paused = state.phase === 'paused';
  return useCallback(
    (encounter: Encounter) =>
      displayStatus(encounter, {
        capturing: capturingId ? { encounterId: capturingId, paused } : null,
        interruptedIds,
      }),
    [capturingId, paused, interruptedIds],
  );
}
