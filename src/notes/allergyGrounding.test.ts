import { describe, expect, it } from 'vitest';
import { allergyCheck } from './allergyGrounding';
import { transcriptOf } from './clinical.testkit';

const check = (substance: string, ids: string[], ...segments: string[]) => {
  const { transcript, cited } = transcriptOf(...segments);
  return allergyCheck([substance], cited(...ids), transcript);
};

describe('allergyCheck', () => {
  it('passes an allergy said as one, or the answer to a question about it', () => {
    expect(check('penicilina', ['s1'], 'Soy alérgico a la penicilina, me brota todo.')).toEqual([]);
    expect(check('penicilina', ['s2'], '¿Alergias a algún medicamento?', 'A la penicilina.')).toEqual([]);
    expect(check('penicilina', ['s1'], '¿Es alérgico a la penicilina?', 'Sí, me salen ronchas.')).toEqual([]);
  });

  it('flags a denied allergy with the denial', () => {
    expect(check('ibuprofeno', ['s2', 's3'], '¿Es alérgico a algún medicamento?', 'No, ninguna.', 'Te doy ibuprofeno.')).toEqual([
      'El paciente lo negó en s2: "No, ninguna".',
    ]);
    expect(check('penicilina', ['s1'], '¿Es alérgico a la penicilina?', 'No, que yo sepa no.')).toEqual(['El paciente lo negó en s2: "No, que yo sepa no".']);
    expect(check('penicilina', ['s1'], 'No soy alérgico a la penicilina.')).toEqual(['Se niega en s1: "No soy alérgico a la penicilina".']);
  });

  it('flags a question with no answer, and a substance named but not as an allergy', () => {
    expect(check('iodo', ['s1'], '¿Es alérgica al iodo?', 'Me duele la rodilla.')).toEqual([
      'En s1 solo se pregunta ("¿Es alérgica al iodo?"); la respuesta no lo confirma.',
    ]);
    expect(check('ibuprofeno', ['s1'], 'Para el dolor te doy ibuprofeno.')).toEqual([
      'En s1 se nombra, pero no como alergia: "Para el dolor te doy ibuprofeno".',
    ]);
  });
});
