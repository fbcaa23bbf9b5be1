import { describe, expect, it } from 'vitest';
import { emptyNote } from '../notes/noteSchema';
import type { NoteVersion } from '../storage';
import { documentSource } from './documentSource';

const TEMPLATE = { id: 'soap', name: 'SOAP', sections: [] };
const version = (n: number, signedAt?: number): NoteVersion => ({
  id: `v${n}`,
  encounterId: 'e1',
  version: n,
  author: 'clinician',
  content: emptyNote(TEMPLATE),
  createdAt: n,
  template: TEMPLATE,
  ...(signedAt === undefined ? {} : { signedAt }),
});

describe('documentSource', () => {
  it('is nothing without a note', () => {
    expect(documentSource([])).toBeNull();
  });

  it('uses the latest draft when nothing is signed, and says the sheets will be drafts', () => {
    const source = documentSource([version(1), version(2)]);
    expect(source).toMatchObject({ signed: false, version: { version: 2 } });
    expect(source?.description).toMatch(/^La nota no está firmada: los documentos se hacen con el borrador \(versión 2\) y llevan la marca «Borrador»/);
  });

  it('prefers the latest signed version over a newer unsigned correction, and says so', () => {
    const source = documentSource([version(1, 10), version(2), version(3, 30), version(4)]);
    expect(source).toMatchObject({ signed: true, version: { version: 3 } });
    expect(source?.description).toMatch(/^Se hacen con la nota firmada \(versión 3, firmada el .*\)\. La versión 4, sin firmar, no se usa hasta que la firme\.$/);
  });
});
