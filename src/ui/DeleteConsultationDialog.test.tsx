// The unit project has no DOM: the dialog's markup on the server renderer. Deleting through it is
// covered end to end (delete.spec.ts).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EncounterFootprint } from '../storage/footprint';
import { DeleteConsultationDialog, deletionLosses } from './DeleteConsultationDialog';

const FOOTPRINT: EncounterFootprint = {
  audioMs: 125_000,
  audioBytes: 4_000_000,
  segments: 12,
  noteVersions: 3,
  signedNoteVersions: 1,
  documentVersions: 2,
  textBytes: 14_000,
};

describe('deletionLosses', () => {
  it('counts the audio, transcript, note versions (signed ones named) and documents', () => {
    expect(deletionLosses(FOOTPRINT, false)).toEqual([
      '2 min 5 s de audio (4,0 MB).',
      '12 segmentos de transcripción.',
      '3 versiones de la nota, 1 firmada.',
      '2 versiones de documentos (indicaciones, cartas).',
    ]);
  });

  it('says when there is no audio, when retention already deleted it, and a single signed version', () => {
    const one = { ...FOOTPRINT, audioMs: 0, audioBytes: 0, segments: 1, noteVersions: 1, signedNoteVersions: 1, documentVersions: 0 };
    expect(deletionLosses(one, false)).toEqual([
      'Sin audio grabado.',
      '1 segmento de transcripción.',
      '1 versión de la nota, firmada.',
      '0 versiones de documentos (indicaciones, cartas).',
    ]);
    expect(deletionLosses(one, true)[0]).toBe('El audio ya se había borrado por la conservación configurada.');
    expect(deletionLosses({ ...one, noteVersions: 0, signedNoteVersions: 0 }, false)[2]).toBe('Sin nota.');
    expect(deletionLosses({ ...one, noteVersions: 2, signedNoteVersions: 0 }, false)[2]).toBe('2 versiones de la nota, ninguna firmada.');
  });
});

describe('DeleteConsultationDialog', () => {
  const render = (footprint: EncounterFootprint | undefined) =>
    renderToStaticMarkup(
      <DeleteConsultationDialog
        patientLabel="María Gómez"
        createdAt={Date.UTC(2026, 2, 3, 13, 15)}
        footprint={footprint}
        audioAlreadyDeleted={false}
        onDelete={() => Promise.resolve(null)}
        onCancel={() => undefined}
      />,
    );

  it('names the patient and the date, lists what is lost, and offers to delete or cancel', () => {
    const html = render(FOOTPRINT);
    expect(html).toContain('aria-labelledby="delete-dialog-title"');
    expect(html).toMatch(/la consulta de <strong>María Gómez<\/strong> \(3 mar 2026, [^)]+\)\. No se puede deshacer\./);
    expect(html).toContain('<ul aria-label="Lo que se pierde"');
    expect(html).toContain('<li>3 versiones de la nota, 1 firmada.</li>');
    expect(html).toMatch(/<button type="button" class="danger">Eliminar definitivamente<\/button>/);
    expect(html).toContain('>Cancelar</button>');
  });

  it('cannot delete until it has counted what will be lost', () => {
    const html = render(undefined);
    expect(html).toContain('Contando lo que guarda la consulta…');
    expect(html).toMatch(/<button type="button" class="danger" disabled="">Eliminar definitivamente<\/button>/);
  });
});
