import { describe, expect, it } from 'vitest';
import { CLINICAL_GLOSSARY } from './glossary';
import { groundNote, toReview } from './grounding';
import { parseNote } from './noteSchema';
import { buildNotePrompt, COMPACT_RULES, transcriptLines, userMessage } from './prompt';
import { EXAMPLE_NOTE, EXAMPLE_SEGMENTS, EXAMPLE_TEMPLATE } from './promptExample';
import { numberSegments } from './segmentRefs';
import { builtInTemplate } from './templates';
import { classifyTranscript } from '../speech/roles/roleClassifier';

const TEMPLATE = builtInTemplate('consulta_general')!;
const { segments } = numberSegments([
  { id: 'u1', startMs: 0, text: '¿Qué le pasó a la nena?', role: 'médico' },
  { id: 'u2', startMs: 4000, text: 'Hace una semana que tiene tos y anoche le agarró fiebre.', role: 'acompañante' },
  { id: 'u3', startMs: 8000, text: 'Tose mucho de noche.', role: 'sin asignar' },
]);

describe('buildNotePrompt', () => {
  const messages = buildNotePrompt(TEMPLATE, segments);
  const [system, exampleRequest, exampleAnswer, request] = messages;

  it('is rules, a worked example as a previous exchange, then the request', () => {
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('states the rule to write only what was said and to cite evidence ids', () => {
    expect(system?.content).toContain('Escribir solo lo que se dijo en la transcripción');
    expect(system?.content).toContain('"evidence"');
    expect(system?.content).toContain('["s3", "s7"]');
  });

  it('asks for the pertinent negatives: what was asked and denied, never what was affirmed', () => {
    expect(system?.content).toContain('Negativos pertinentes ("pertinentNegatives")');
    expect(system?.content).toContain('«Niega alergias», «Sin fiebre», «Sin ideas de autolesión»');
    expect(system?.content).toContain('si se afirmó («sí, tuve fiebre») o no se preguntó, no va en esta lista');
    // The worked example shows one, grounded by a denial ("tos no tengo").
    expect(JSON.parse(exampleAnswer?.content ?? 'null').pertinentNegatives).toEqual([{ text: 'Niega tos.', evidence: ['s2'] }]);
  });

  it('says who speaks in each segment, that the role may be wrong, and that a question is no finding', () => {
    expect(system?.content).toContain('Cada fragmento dice quién habla: médico, paciente, acompañante o «sin asignar»');
    expect(system?.content).toContain('Lo que el médico solo pregunta no es un dato: lo decide la respuesta del paciente o del acompañante.');
  });

  it('carries the rioplatense glossary', () => {
    const expressions = [
      'me agarró fiebre',
      'tengo la presión alta',
      'un ibuprofeno de 600',
      'cada 8 horas',
      'la nena',
      'el pediatra de cabecera',
      'hace una semana que…',
    ];
    for (const expression of expressions) {
      expect(system?.content).toContain(`«${expression}»`);
    }
    expect(CLINICAL_GLOSSARY.length).toBeGreaterThanOrEqual(15);
  });

  it("lists the template's sections with ids, titles and guidance, then the numbered transcript", () => {
    const content = request?.content ?? '';
    expect(content).toContain('Plantilla «Consulta clínica general»');
    expect(content).toContain('- motivo_consulta («Motivo de consulta»): Por qué consulta');
    expect(content).toContain('- plan_indicaciones («Plan e indicaciones»): ');
    expect(content).toContain(
      'Transcripción:\n[s1] médico: ¿Qué le pasó a la nena?\n[s2] acompañante: Hace una semana que tiene tos y anoche le agarró fiebre.\n[s3] sin asignar: Tose mucho de noche.',
    );
    expect(content.indexOf('motivo_consulta')).toBeLessThan(content.indexOf('examen_fisico'));
    expect(content).not.toContain('parte');
  });

  it('says which part of a long consultation a block is', () => {
    const part = buildNotePrompt(TEMPLATE, segments, { index: 2, count: 5 })[3]?.content ?? '';
    expect(part).toContain('Transcripción, parte 2 de 5:');
    expect(part).toContain('Anotar solo lo que aparece en esta parte');
  });

  it('shows the example as the JSON the model must produce', () => {
    expect(exampleRequest?.content).toContain(transcriptLines(EXAMPLE_SEGMENTS));
    expect(JSON.parse(exampleAnswer?.content ?? 'null')).toEqual(EXAMPLE_NOTE);
  });
});

describe('the worked example', () => {
  it('is a transcript as the app writes it: no speaker in the words, the roles Escriba’s classifier gives', () => {
    for (const segment of EXAMPLE_SEGMENTS) expect(segment.text).not.toMatch(/^\p{L}+:/u);
    expect(EXAMPLE_SEGMENTS.map((s) => s.role)).toEqual(classifyTranscript(EXAMPLE_SEGMENTS.map((s) => s.text)).map((g) => g.role));
    expect(transcriptLines(EXAMPLE_SEGMENTS)).toContain('[s3] paciente: Soy alérgica a la penicilina, me salen ronchas.');
  });

  it('is a valid note for its template', () => {
    expect(parseNote(EXAMPLE_NOTE, EXAMPLE_TEMPLATE)).toEqual({ ok: true, note: EXAMPLE_NOTE });
  });

  it('passes the grounding check, so it never teaches what the app would flag', () => {
    const findings = groundNote(EXAMPLE_NOTE, EXAMPLE_SEGMENTS.map((s) => ({ id: s.ref, text: s.text, role: s.role })));
    expect(toReview(findings)).toEqual([]);
    expect(findings.length).toBeGreaterThanOrEqual(7);
  });
});

describe('buildNotePrompt, compact profile (Escriba\'s fine-tuned models)', () => {
  const full = buildNotePrompt(TEMPLATE, segments);
  const compact = buildNotePrompt(TEMPLATE, segments, undefined, 'compact');

  it('is a short system message and the very request of the full profile', () => {
    expect(compact).toEqual([
      { role: 'system', content: COMPACT_RULES },
      { role: 'user', content: userMessage(TEMPLATE, segments) },
    ]);
    expect(compact.at(-1)).toEqual(full.at(-1));
    expect(COMPACT_RULES.length).toBeLessThan(300);
    expect(COMPACT_RULES).toContain('"evidence"');
  });

  it('carries the part header of a long consultation like the full profile', () => {
    const part = { index: 2, count: 3 };
    expect(buildNotePrompt(TEMPLATE, segments, part, 'compact').at(-1)).toEqual(buildNotePrompt(TEMPLATE, segments, part).at(-1));
  });

  it('leaves the default prompt as it was: full is what no profile gives', () => {
    expect(buildNotePrompt(TEMPLATE, segments, undefined, 'full')).toEqual(full);
    expect(full).toHaveLength(4);
  });
});
