import { describe, expect, it } from 'vitest';
import type { GroundingFinding } from '../notes/grounding';
import { emptyNote, type ClinicalNote } from '../notes/noteSchema';
import { builtInTemplate } from '../notes/templates';
import type { NoteVersion } from '../storage/types';
import { blockedReason, openFlags, outcomeText, reviewsFor, runView } from './notePanelParts';

const SOAP = builtInTemplate('soap')!;
const NOTE: ClinicalNote = {
  ...emptyNote(SOAP),
  medications: [
    { name: 'Amoxicilina', dose: null, route: null, frequency: null, duration: null, action: 'inicia', evidence: ['seg-1'] },
    { name: 'Paracetamol', dose: null, route: null, frequency: null, duration: null, action: 'inicia', evidence: [] },
  ],
};
const revisar = (path: string): GroundingFinding => ({ path, label: path, level: 'revisar', reason: 'No coincide.' });
const FINDINGS = [revisar('medications.0'), revisar('medications.1'), { ...revisar('sections.plan'), level: 'ok' as const }];
const version = (patch: Partial<NoteVersion>): NoteVersion => ({ id: 'v', encounterId: 'e', version: 1, author: 'model', content: NOTE, createdAt: 0, ...patch });

describe('reviewsFor', () => {
  it('marks every flagged item of a model draft', () => {
    expect([...reviewsFor(version({}), NOTE, FINDINGS).keys()]).toEqual(['medications.0', 'medications.1']);
  });
  it('on the doctor’s version, leaves alone what they wrote themselves (citing nothing)', () => {
    expect([...reviewsFor(version({ author: 'clinician' }), NOTE, FINDINGS).keys()]).toEqual(['medications.0']);
  });
  it('marks nothing on a signed version: the doctor has decided', () => {
    expect(reviewsFor(version({ signedAt: 1 }), NOTE, FINDINGS).size).toBe(0);
  });
});

describe('openFlags', () => {
  it('on a draft, every «Revisar» mark (the doctor’s own uncited items aside)', () => {
    expect(openFlags(version({}), NOTE, FINDINGS).map((f) => f.path)).toEqual(['medications.0', 'medications.1']);
    expect(openFlags(version({ author: 'clinician' }), NOTE, FINDINGS).map((f) => f.path)).toEqual(['medications.0']);
  });
  it('on a signed version, only the flags not confirmed when signing', () => {
    const confirmedAll = version({ signedAt: 1, reviewConfirmations: [FINDINGS[0]!, FINDINGS[1]!] });
    expect(openFlags(confirmedAll, NOTE, FINDINGS)).toEqual([]);
    const confirmedOne = version({ signedAt: 1, reviewConfirmations: [FINDINGS[1]!] });
    expect(openFlags(confirmedOne, NOTE, FINDINGS).map((f) => f.path)).toEqual(['medications.0']);
  });
  it('on a version signed before confirmations were recorded, all of them: nobody confirmed those', () => {
    expect(openFlags(version({ signedAt: 1 }), NOTE, FINDINGS).map((f) => f.path)).toEqual(['medications.0', 'medications.1']);
  });
});

describe('blockedReason', () => {
  const available = { kind: 'available', model: {} as never, device: 'wasm', contextWindowTokens: 4096 } as const;
  it('lets the doctor generate while recording, as soon as there is transcript and a model', () => {
    expect(blockedReason({ availability: available, segments: 3, signed: false, editing: false })).toBeNull();
    expect(blockedReason({ availability: available, segments: 0, signed: false, editing: false })).toBe(
      'Todavía no hay transcripción para redactar la nota.',
    );
  });
  it('says why not: signed, editing, no model, a model this computer cannot run', () => {
    expect(blockedReason({ availability: available, segments: 3, signed: true, editing: false })).toMatch(/firmada/);
    expect(blockedReason({ availability: available, segments: 3, signed: false, editing: true })).toMatch(/edición/);
    expect(blockedReason({ availability: { kind: 'unavailable', message: 'Falta memoria.' }, segments: 3, signed: false, editing: false })).toBe(
      'Falta memoria.',
    );
    expect(blockedReason({ availability: { kind: 'no-model' }, segments: 3, signed: false, editing: false })).not.toBeNull();
  });
});

describe('status line', () => {
  it('shows the phase, tokens and tokens/s; while loading, the model’s progress', () => {
    const progress = { phase: 'drafting', label: 'Redactando (parte 2 de 5)', attempt: 1, outputTokens: 312, tokensPerSecond: 14.24 } as const;
    expect(runView({ kind: 'running', sectionId: null, progress }, { phase: 'generating', files: [] }, SOAP)).toEqual({
      label: 'Redactando (parte 2 de 5)',
      detail: '312 tokens · 14,2 tokens/s',
    });
    expect(runView({ kind: 'running', sectionId: 'plan', progress: null }, { phase: 'loading', files: [{ file: 'a', loadedBytes: 40, totalBytes: 100 }] }, SOAP)).toEqual({
      label: 'Sección «Plan»: Cargando el modelo de texto (40 %)',
      detail: null,
    });
  });
  it('reports the outcome', () => {
    expect(outcomeText({ kind: 'cancelled' }, false)).toBe('Generación cancelada. No se guardó nada.');
    const stats = { promptTokens: 900, outputTokens: 420, timeToFirstTokenMs: 800, tokensPerSecond: 18.26, totalMs: 24_400, blocks: [] };
    expect(outcomeText({ kind: 'done', stats, version: 2 }, false)).toBe('Versión 2 guardada: 420 tokens en 24 s · 18,3 tokens/s.');
    expect(outcomeText({ kind: 'idle' }, true)).toBe('La grabación sigue: la nota usará lo transcripto hasta ahora.');
  });
});
