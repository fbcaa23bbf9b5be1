import { describe, expect, it } from 'vitest';
import type { Encounter, EncounterStatus } from '../storage/types';
import { displayStatus } from './displayStatus';

function encounter(id: string, status: EncounterStatus): Encounter {
  return { id, status, createdAt: 0, updatedAt: 0, patientLabel: '', reason: '', storedSamples: 0, nextChunkSeq: 0 };
}
const none = { capturing: null, interruptedIds: new Set<string>() };

describe('displayStatus', () => {
  it('shows the stored status when nothing live says otherwise', () => {
    expect(displayStatus(encounter('a', 'recorded'), none)).toBe('recorded');
    expect(displayStatus(encounter('a', 'recording'), none)).toBe('recording');
  });

  it("trusts this tab's recorder over a stored status a full disk could not update", () => {
    const facts = { capturing: { encounterId: 'a', paused: true }, interruptedIds: new Set<string>() };
    expect(displayStatus(encounter('a', 'recording'), facts)).toBe('paused');
    expect(displayStatus(encounter('b', 'recording'), facts)).toBe('recording');
  });

  it('shows an orphan found at start-up as interrupted even if marking it was not stored', () => {
    const facts = { capturing: null, interruptedIds: new Set(['a']) };
    expect(displayStatus(encounter('a', 'recording'), facts)).toBe('interrupted');
    expect(displayStatus(encounter('a', 'paused'), facts)).toBe('interrupted');
    // Finished since start-up: the stored status is the truth again.
    expect(displayStatus(encounter('a', 'recorded'), facts)).toBe('recorded');
  });
});
