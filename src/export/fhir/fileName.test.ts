import { describe, expect, it } from 'vitest';
import { fhirFileName } from './fileName';

describe('fhirFileName', () => {
  it('names the file after the patient and the consultation day', () => {
    expect(fhirFileName('Juan Pérez', new Date(2026, 2, 14, 23, 50))).toBe('escriba-juan-perez-2026-03-14.json');
    expect(fhirFileName('  Cama 4 / Ñandú ', new Date(2026, 0, 2))).toBe('escriba-cama-4-nandu-2026-01-02.json');
    expect(fhirFileName('', new Date(2026, 0, 2))).toBe('escriba-sin-paciente-2026-01-02.json');
  });
});
