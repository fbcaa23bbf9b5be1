import { describe, expect, it } from 'vitest';
import { EXAMPLE_NOTE } from './promptExample';
import { mapNoteEvidence, numberSegments } from './segmentRefs';

describe('numberSegments', () => {
  it('numbers segments with text in time order and maps refs to ids both ways', () => {
    const numbered = numberSegments([
      { id: 'b', startMs: 5000, text: 'Segundo\ncon salto de línea.' },
      { id: 'a', startMs: 0, text: 'Primero.' },
      { id: 'empty', startMs: 2000, text: '   ' },
      { id: 'c', startMs: 5000, text: 'Tercero, mismo inicio que el segundo.' },
    ]);
    expect(numbered.segments).toEqual([
      { ref: 's1', segmentId: 'a', text: 'Primero.' },
      { ref: 's2', segmentId: 'b', text: 'Segundo con salto de línea.' },
      { ref: 's3', segmentId: 'c', text: 'Tercero, mismo inicio que el segundo.' },
    ]);
    expect(numbered.refToId.get('s2')).toBe('b');
    expect(numbered.idToRef.get('c')).toBe('s3');
  });
});

describe('mapNoteEvidence', () => {
  it('maps every evidence id in the note and keeps unknown ones for grounding to flag', () => {
    const map = new Map([1, 2, 3, 4, 5].map((n) => [`s${n}`, `uuid-${n}`] as const));
    const mapped = mapNoteEvidence(EXAMPLE_NOTE, map);
    expect(mapped.medications[0]?.evidence).toEqual(['uuid-5']);
    expect(mapped.sections.plan?.evidence).toEqual(['uuid-3', 'uuid-5', 's6']);
    expect(mapped.vitals.temperature?.evidence).toEqual(['uuid-4']);
    expect(mapped.vitals.bloodPressure).toBeNull();
    expect(mapped.followUp?.evidence).toEqual(['s6']);
    // Everything but evidence is unchanged, and the input is not mutated.
    const strip = (json: string) => json.replace(/"evidence":\[[^\]]*\]/g, '');
    expect(strip(JSON.stringify(mapped))).toBe(strip(JSON.stringify(EXAMPLE_NOTE)));
    expect(EXAMPLE_NOTE.medications[0]?.evidence).toEqual(['s5']);
  });
});
