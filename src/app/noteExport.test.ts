import { describe, expect, it } from 'vitest';
import { exportBlocker } from './noteExport';

const doctor = { name: 'Dra. Ana Gómez', license: 'MN 123456' };

describe('exportBlocker', () => {
  it('allows only a signed note with the doctor\'s data and no unconfirmed flag', () => {
    expect(exportBlocker({ signed: true, professional: doctor, openFlags: 0 })).toBeNull();
  });
  it('says why not, in Spanish, draft first', () => {
    expect(exportBlocker({ signed: false, professional: doctor, openFlags: 0 })).toBe('Para exportar, firme la nota: solo una nota firmada es un documento clínico.');
    expect(exportBlocker({ signed: true, professional: { name: 'Dra. Ana Gómez', license: '' }, openFlags: 0 })).toMatch(/complete «Nombre del profesional» y «Matrícula» en Modelos/);
    expect(exportBlocker({ signed: true, professional: doctor, openFlags: 2 })).toBe(
      'Hay 2 elementos marcados «Revisar» sin confirmar. Para exportar, agregue una corrección y fírmela confirmándolos.',
    );
    expect(exportBlocker({ signed: true, professional: undefined, openFlags: 0 })).toBe('Comprobando la nota…');
    expect(exportBlocker({ signed: true, professional: doctor, openFlags: null })).toBe('Comprobando la nota…');
  });
});
