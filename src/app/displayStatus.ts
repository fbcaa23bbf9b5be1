/**
 * The status the doctor sees. The stored status can lag behind the truth when a write failed (a
 * full disk keeps "recording" on a paused or dead recording), so live knowledge wins: what this
 * tab's recorder is doing, then what start-up recovery found.
 */
import type { Encounter, EncounterStatus } from '../storage/types';

export interface LiveRecordingFacts {
  /** The consultation this tab is capturing, and whether it is paused. */
  capturing: { encounterId: string; paused: boolean } | null;
  /** Found orphaned at start-up (its recording tab died), whether or not that could be stored. */
  interruptedIds: ReadonlySet<string>;
}

export function displayStatus(encounter: Encounter, facts: LiveRecordingFacts): EncounterStatus {
  if (facts.capturing?.encounterId === encounter.id) return facts.capturing.paused ? 'paused' : 'recording';
  const claimsRecording = encounter.status === 'recording' || encounter.status === 'paused';
  if (claimsRecording && facts.interruptedIds.has(encounter.id)) return 'interrupted';
  return encounter.status;
}
