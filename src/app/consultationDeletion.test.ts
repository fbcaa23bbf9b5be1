import { describe, expect, it } from 'vitest';
import { EncounterBusyError, EncounterNotFoundError } from '../storage';
import { deletionFailureMessage, deletionRefusal } from './consultationDeletion';

describe('deletionRefusal', () => {
  it('refuses while recording (or paused), importing or transcribing that consultation', () => {
    expect(deletionRefusal('recording', false)).toBe('recording');
    expect(deletionRefusal('paused', false)).toBe('recording');
    expect(deletionRefusal('importing', false)).toBe('importing');
    expect(deletionRefusal('recorded', true)).toBe('transcribing');
  });

  it('allows a finished, new or interrupted consultation nothing works on', () => {
    for (const status of ['recorded', 'new', 'interrupted'] as const) expect(deletionRefusal(status, false)).toBeNull();
  });
});

describe('deletionFailureMessage', () => {
  it('explains each refusal in Spanish, and says nothing was deleted otherwise', () => {
    expect(deletionFailureMessage(new EncounterBusyError('recording'))).toMatch(/^No se puede eliminar una consulta mientras se graba/);
    expect(deletionFailureMessage(new EncounterNotFoundError('x'))).toMatch(/ya no existe/);
    expect(deletionFailureMessage(new Error('boom'))).toMatch(/^No se pudo eliminar la consulta; no se borró nada\./);
  });
});
