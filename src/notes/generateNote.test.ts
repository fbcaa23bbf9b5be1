import { describe, expect, it } from 'vitest';
import type { NoteEngine, NoteGenerationRequest, NoteGenerationResult } from './engine/noteEngine';
import { MAX_SECTION_OUTPUT_TOKENS, generateNote, regenerateSection, type NoteProgress } from './generateNote';
import { EmptyTranscriptError, InvalidModelAnswerError, NoteContextError, UnknownSectionError, noteErrorMessage } from './generateNoteErrors';
import { segmentTimeLabels } from './generateNoteGrounding';
import { longConsultation } from './longConsultation.testkit';
import { emptyNote, type ClinicalNote } from './noteSchema';
import { builtInTemplate } from './templates';

const SOAP = builtInTemplate('soap')!;

// Stored out of time order, as a query might hand them over; numbering follows time. As Whisper
// writes them: no speaker in the words, no role stored (a consultation from before roles).
const SEGMENTS = [
  { id: 'seg-c', startMs: 9_000, text: 'Le indico ibuprofeno de 600 cada 8 horas.' },
  { id: 'seg-a', startMs: 0, text: '¿Qué le pasa?' },
  { id: 'seg-b', startMs: 4_000, text: 'Me duele la garganta desde hace tres días.' },
];

function note(patch: Partial<ClinicalNote> = {}, sections: ClinicalNote['sections'] = {}): ClinicalNote {
  const base = emptyNote(SOAP);
  return { ...base, ...patch, sections: { ...base.sections, ...sections } };
}

const GOOD = note(
  {
    medications: [
      { name: 'Ibuprofeno', dose: '600 mg', route: null, frequency: 'cada 8 horas', duration: null, action: 'inicia', evidence: ['s3'] },
      { name: 'Amoxicilina', dose: '500 mg', route: null, frequency: null, duration: null, action: 'inicia', evidence: ['s3'] },
    ],
  },
  {
    subjetivo: { text: 'Odinofagia de tres días de evolución.', evidence: ['s2'] },
    plan: { text: 'Ibuprofeno 600 mg cada 8 horas.', evidence: ['s3'] },
  },
);

type Script = (request: NoteGenerationRequest, call: number) => string | Promise<string>;

/** A NoteEngine that answers from a script and records every request; only `generate` is used. */
function fakeEngine(script: Script) {
  const requests: NoteGenerationRequest[] = [];
  const engine: Pick<NoteEngine, 'generate'> = {
    async generate(request): Promise<NoteGenerationResult> {
      requests.push(request);
      request.signal?.throwIfAborted();
      const text = await script(request, requests.length);
      request.onProgress?.({ outputTokens: 10, tokensPerSecond: 20, text });
      return { text, promptTokens: 1000, outputTokens: 200, timeToFirstTokenMs: 500, totalMs: 10_500 };
    },
  };
  return { engine, requests };
}

const lastUser = (request: NoteGenerationRequest) => request.messages.at(-1)?.content ?? '';
const refsIn = (request: NoteGenerationRequest) => [...lastUser(request).matchAll(/^\[(s\d+)\]/gm)].map((m) => m[1]!);

describe('generateNote', () => {
  it('builds the prompt with the model\'s profile: a fine-tune\'s compact prompt has no worked example', async () => {
    const full = fakeEngine(() => JSON.stringify(GOOD));
    await generateNote({ engine: full.engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192 });
    const compact = fakeEngine(() => JSON.stringify(GOOD));
    await generateNote({ engine: compact.engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192, promptProfile: 'compact' });
    expect(full.requests[0]!.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(compact.requests[0]!.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(compact.requests[0]!.messages.at(-1)).toEqual(full.requests[0]!.messages.at(-1));
  });

  it('writes a note from the transcript: evidence mapped to segment ids, grounded, with figures and phases', async () => {
    const { engine, requests } = fakeEngine(() => JSON.stringify(GOOD));
    const progress: NoteProgress[] = [];
    const result = await generateNote({ engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192, onProgress: (p) => progress.push(p) });

    expect(requests).toHaveLength(1);
    expect(refsIn(requests[0]!)).toEqual(['s1', 's2', 's3']);
    // Each line says who spoke, as the transcript shows it: here Escriba's guess.
    expect(lastUser(requests[0]!)).toContain(
      'Transcripción:\n[s1] médico: ¿Qué le pasa?\n[s2] paciente: Me duele la garganta desde hace tres días.\n[s3] médico: Le indico ibuprofeno',
    );
    // The grammar can only cite the prompt's segments.
    expect(JSON.stringify(requests[0]!.jsonSchema)).toContain('"enum":["s1","s2","s3"]');
    expect(requests[0]!.maxTokens).toBeGreaterThanOrEqual(1536);

    expect(result.note.medications.map((m) => m.evidence)).toEqual([['seg-c'], ['seg-c']]);
    expect(result.note.sections.subjetivo).toEqual({ text: 'Odinofagia de tres días de evolución.', evidence: ['seg-b'] });
    const byPath = Object.fromEntries(result.findings.map((f) => [f.path, f]));
    expect(byPath['medications.0']).toMatchObject({ level: 'ok', reason: 'Respaldado por 0:09.' });
    // The invented drug is caught, and the reason names the segment by its time on screen.
    expect(byPath['medications.1']).toMatchObject({ level: 'revisar' });
    expect(byPath['medications.1']?.reason).toContain('«amoxicilina» no se menciona en 0:09');

    expect(result.stats).toMatchObject({ promptTokens: 1000, outputTokens: 200, timeToFirstTokenMs: 500, tokensPerSecond: 20 });
    expect(result.stats.blocks).toEqual([
      { part: { index: 1, count: 1 }, segments: 3, attempts: 1, promptTokens: 1000, outputTokens: 200, timeToFirstTokenMs: 500, totalMs: 10_500 },
    ]);
    expect(progress.map((p) => p.label)).toEqual(['Leyendo la transcripción', 'Redactando', 'Redactando', 'Verificando']);
    expect(progress[2]).toMatchObject({ phase: 'drafting', outputTokens: 10, tokensPerSecond: 20 });
  });

  it('gives the model the role the doctor chose over Escriba’s guess', async () => {
    const { engine, requests } = fakeEngine(() => JSON.stringify(note()));
    const segments = [
      { ...SEGMENTS[1]!, role: 'médico' as const, roleSource: 'auto' as const },
      { ...SEGMENTS[2]!, role: 'acompañante' as const, roleSource: 'médico' as const },
    ];
    await generateNote({ engine, template: SOAP, segments, contextWindowTokens: 8192 });
    expect(lastUser(requests[0]!)).toContain('[s2] acompañante: Me duele la garganta desde hace tres días.');
  });

  it('asks once more, saying what was wrong, when an answer is not a valid note', async () => {
    const invalid = note({ diagnoses: [{ text: 'Faringitis', cie10: 'faringitis', certainty: 'presuntivo', evidence: ['s2'] }] });
    const { engine, requests } = fakeEngine((_, call) => (call === 1 ? JSON.stringify(invalid) : JSON.stringify(GOOD)));
    const labels: string[] = [];
    const result = await generateNote({ engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192, onProgress: (p) => labels.push(p.label) });

    expect(requests).toHaveLength(2);
    expect(lastUser(requests[1]!)).toMatch(/Un intento anterior no fue válido: diagnósticos 1 › CIE-10: El código CIE-10 debe tener la forma/);
    expect(result.stats.blocks[0]).toMatchObject({ attempts: 2, outputTokens: 400 });
    expect(labels).toContain('Redactando: segundo intento');
  });

  it('never parses a thinking block: an answer after one is read as the note, a thought alone is no answer', async () => {
    const thoughtFirst = fakeEngine(() => `<think>\nEl paciente tiene fiebre.\n</think>\n\n${JSON.stringify(GOOD)}`);
    const result = await generateNote({ engine: thoughtFirst.engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192 });
    expect(thoughtFirst.requests).toHaveLength(1);
    expect(result.note.sections.subjetivo?.text).toBe('Odinofagia de tres días de evolución.');

    const onlyThinking = fakeEngine(() => '<think>{"sections":{}}');
    const error = await generateNote({ engine: onlyThinking.engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidModelAnswerError);
    expect((error as InvalidModelAnswerError).problems).toEqual(['la respuesta no es JSON completo']);
  });

  it('reports a second invalid answer as a named error with a Spanish message, never as a note', async () => {
    const { engine, requests } = fakeEngine(() => '{"sections": {"subjetivo": {"text": "Odino');
    const error = await generateNote({ engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192 }).catch((e: unknown) => e);
    expect(requests).toHaveLength(2);
    expect(lastUser(requests[1]!)).toContain('la respuesta no es JSON completo');
    expect(error).toBeInstanceOf(InvalidModelAnswerError);
    expect((error as InvalidModelAnswerError).problems).toEqual(['la respuesta no es JSON completo']);
    expect(noteErrorMessage(error)).toBe(
      'El modelo no devolvió una nota válida, ni siquiera en un segundo intento, y no se guardó nada. La transcripción y las versiones anteriores de la nota siguen guardadas. Puede generar de nuevo o escribir la nota a mano.',
    );
  });

  it('tells the model its answer was cut off when it reached the token limit', async () => {
    const { engine, requests } = fakeEngine((_, call) => (call === 1 ? '{"sections":' : JSON.stringify(GOOD)));
    const cutOff: Pick<NoteEngine, 'generate'> = {
      generate: async (request) => ({ ...(await engine.generate(request)), outputTokens: request.maxTokens }),
    };
    await generateNote({ engine: cutOff, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192 });
    expect(lastUser(requests[1]!)).toContain('la respuesta se cortó por larga: escribir más breve');
  });

  it('stops when cancelled: mid-generation, and before anything is asked', async () => {
    const controller = new AbortController();
    const { engine, requests } = fakeEngine(() => {
      controller.abort();
      throw new DOMException('cancelada', 'AbortError');
    });
    const run = generateNote({ engine, template: SOAP, segments: longConsultation(), contextWindowTokens: 4096, signal: controller.signal });
    await expect(run).rejects.toThrow('cancelada');
    expect(requests).toHaveLength(1);

    const idle = fakeEngine(() => JSON.stringify(GOOD));
    await expect(
      generateNote({ engine: idle.engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192, signal: AbortSignal.abort() }),
    ).rejects.toThrow();
    expect(idle.requests).toHaveLength(0);
  });

  it('writes a 45-minute consultation block by block within the window and merges the parts', async () => {
    const segments = longConsultation();
    const { engine, requests } = fakeEngine((request) => {
      const refs = refsIn(request);
      // Every block mentions ibuprofen; the merged note must hold it once, citing every block.
      return JSON.stringify(
        note(
          {
            medications: [
              { name: 'Ibuprofeno', dose: '600 mg', route: null, frequency: 'cada 8 horas', duration: null, action: 'inicia', evidence: [refs[0]!] },
            ],
          },
          { plan: { text: `Parte desde ${refs[0]}.`, evidence: [refs[0]!] } },
        ),
      );
    });
    const labels = new Set<string>();
    const result = await generateNote({ engine, template: SOAP, segments, contextWindowTokens: 4096, onProgress: (p) => labels.add(p.label) });

    const count = requests.length;
    expect(count).toBeGreaterThan(3);
    expect(labels).toContain(`Redactando (parte 2 de ${count})`);
    // Every segment in exactly one prompt, in order.
    expect(requests.flatMap(refsIn)).toEqual(segments.map((_, i) => `s${i + 1}`));
    for (const request of requests) expect(request.messages.map((m) => m.content).join('').length / 3.5 + request.maxTokens).toBeLessThanOrEqual(4096);
    expect(result.note.medications).toHaveLength(1);
    expect(result.note.medications[0]!.evidence).toHaveLength(count);
    expect(result.note.medications[0]!.evidence.every((id) => segments.some((s) => s.id === id))).toBe(true);
    expect(result.stats.blocks.map((b) => b.part.index)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(result.stats.outputTokens).toBe(200 * count);
  });

  it('explains an empty transcript and a window too small for the instructions', async () => {
    const { engine } = fakeEngine(() => JSON.stringify(GOOD));
    await expect(
      generateNote({ engine, template: SOAP, segments: [{ id: 'x', startMs: 0, text: '  ' }], contextWindowTokens: 8192 }),
    ).rejects.toBeInstanceOf(EmptyTranscriptError);
    const error = await generateNote({ engine, template: SOAP, segments: longConsultation(), contextWindowTokens: 2048 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoteContextError);
    expect(noteErrorMessage(error)).toMatch(/^No se pudo preparar la nota: La ventana de contexto del modelo \(2048 tokens\) no alcanza/);
  });
});

describe('regenerateSection', () => {
  const current = note(
    { medications: [{ name: 'Ibuprofeno', dose: '400 mg', route: null, frequency: null, duration: null, action: 'inicia', evidence: ['seg-c'] }] },
    { subjetivo: { text: 'Escrito por la médica.', evidence: [] }, plan: { text: 'Plan viejo.', evidence: [] } },
  );

  it('asks for that section only and replaces only it in the current note', async () => {
    const { engine, requests } = fakeEngine(() =>
      JSON.stringify({ ...note({ medications: GOOD.medications }), sections: { plan: { text: 'Ibuprofeno 600 mg cada 8 horas.', evidence: ['s3'] } } }),
    );
    const result = await regenerateSection({ engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192, sectionId: 'plan', current });

    expect(requests).toHaveLength(1);
    const prompt = lastUser(requests[0]!);
    expect(prompt).toContain('- plan («Plan»)');
    expect(prompt).not.toContain('- subjetivo');
    expect(prompt).toMatch(/Esta vez, redactar solo la sección «Plan» \(plan\); dejar vacías todas las listas/);
    const schema = requests[0]!.jsonSchema as { properties: { sections: { required: string[] } } };
    expect(schema.properties.sections.required).toEqual(['plan']);
    // One section is short: a model that rambles is cut off early.
    expect(requests[0]!.maxTokens).toBe(MAX_SECTION_OUTPUT_TOKENS);

    expect(result.note.sections.plan).toEqual({ text: 'Ibuprofeno 600 mg cada 8 horas.', evidence: ['seg-c'] });
    expect(result.note.sections.subjetivo).toEqual(current.sections.subjetivo);
    // The lists the model wrote anyway are ignored: the doctor's stay as they were.
    expect(result.note.medications).toEqual(current.medications);
    expect(result.findings.find((f) => f.path === 'sections.plan')).toMatchObject({ level: 'ok' });
  });

  it('refuses a section the template does not have', async () => {
    const { engine, requests } = fakeEngine(() => '{}');
    await expect(
      regenerateSection({ engine, template: SOAP, segments: SEGMENTS, contextWindowTokens: 8192, sectionId: 'nada', current }),
    ).rejects.toBeInstanceOf(UnknownSectionError);
    expect(requests).toHaveLength(0);
  });
});

describe('segmentTimeLabels', () => {
  it('names segments by their time on screen, unique when two start in the same second', () => {
    const labels = segmentTimeLabels([
      { id: 'b', startMs: 61_900, text: 'dos' },
      { id: 'a', startMs: 61_200, text: 'uno' },
      { id: 'c', startMs: 3_723_000, text: 'tres' },
    ]);
    expect([...labels]).toEqual([
      ['a', '1:01'],
      ['b', '1:01 (2)'],
      ['c', '1:02:03'],
    ]);
  });
});
