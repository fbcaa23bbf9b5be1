import { describe, expect, it } from 'vitest';
import { isPromptEcho } from './promptEcho';
import { buildPromptText, glossaryPrompt } from './promptText';

const PROMPT = glossaryPrompt({ reason: 'Tos', templateId: 'pediatria' });

describe('isPromptEcho', () => {
  it('takes a run of glossary terms written back for speech as an echo, however it is punctuated', () => {
    for (const echo of [
      'Ibuprofeno, paracetamol, amoxicilina, enalapril.',
      'ibuprofeno paracetamol amoxicilina',
      'Consulta médica en español. Términos: ibuprofeno, paracetamol.',
      'Bronquiolitis, otitis media, faringoamigdalitis, percentil.',
      'Metformina, omeprazol, levotiroxina, atorvastatina, salbutamol',
    ]) {
      expect(isPromptEcho(echo, PROMPT), echo).toBe(true);
    }
  });

  it('never takes the previous segment said again for an echo: the fixed part of the prompt only', () => {
    const previousText = 'Hace tres días que tengo tos y fiebre, y me duele la garganta.';
    expect(buildPromptText({ previousText, reason: 'Tos', templateId: 'pediatria' })).toContain(previousText);
    expect(isPromptEcho(previousText, PROMPT)).toBe(false);
  });

  it('keeps speech that only uses glossary words, and short answers', () => {
    for (const speech of [
      'Le voy a dar ibuprofeno cada ocho horas.',
      'Tomo enalapril y metformina desde hace años.',
      'Ibuprofeno.',
      'Sí, paracetamol.',
      'Hace tres días que me duele la cabeza, doctora.',
      'El paciente refiere fiebre y tos desde ayer.',
    ]) {
      expect(isPromptEcho(speech, PROMPT), speech).toBe(false);
    }
  });
});
