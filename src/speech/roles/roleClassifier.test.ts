import { describe, expect, it } from 'vitest';
import { classifyRole, classifyTranscript, type RoleTurn } from './roleClassifier';
import { isQuestion } from './roleText';

const roles = (texts: string[]) => classifyTranscript(texts).map((g) => g.role);

describe('classifyRole: words', () => {
  it.each([
    ['Buenas tardes, pasá, sentate. ¿Qué te trae por acá?', 'médico'],
    ['Respirá hondo por la boca.', 'médico'],
    ['Te voy a pedir una placa de tórax.', 'médico'],
    ['Vamos a suspender la hidroclorotiazida.', 'médico'],
    ['No, no le des nada para cortar la diarrea.', 'médico'],
    ['Hace tres días que me duele la garganta.', 'paciente'],
    ['Tomo enalapril de diez a la mañana.', 'paciente'],
    ['Vinimos porque mi mamá se está mareando mucho.', 'acompañante'],
    ['Anoche le di paracetamol, doctor.', 'acompañante'],
  ] as const)('%s → %s', (text, role) => {
    // After the other side has spoken, with a companion present for the companion's lines.
    const history: RoleTurn[] = role === 'acompañante' ? [{ text: '¿Qué le pasó?', role: 'médico' }] : [];
    expect(classifyRole(text, history).role).toBe(role);
  });

  it('tells a patient asking the doctor from the doctor asking the patient', () => {
    const after: RoleTurn[] = [{ text: 'Tomá paracetamol cada ocho horas.', role: 'médico' }];
    expect(classifyRole('¿Y el ibuprofeno lo puedo seguir tomando?', after).role).toBe('paciente');
    expect(classifyRole('¿Es grave, doctora?', after).role).toBe('paciente');
    expect(classifyRole('¿Tenés alergia a algún medicamento?', [{ text: 'Me duele la cabeza.', role: 'paciente' }]).role).toBe('médico');
  });
});

describe('classifyRole: turn-taking', () => {
  it('gives a bare answer to whoever the doctor asked', () => {
    expect(roles(['¿Sos alérgico a algún medicamento?', 'No, ninguno.'])).toEqual(['médico', 'paciente']);
    expect(roles(['¿Le duele?', 'Sí.'])).toEqual(['médico', 'paciente']);
  });

  it('keeps answering with the companion once one has spoken', () => {
    expect(roles(['¿Qué le pasó a la nena?', 'Mire, mi hija tiene vómitos desde el sábado.', '¿Cuántas veces vomitó hoy?', 'Dos veces.'])).toEqual([
      'médico',
      'acompañante',
      'médico',
      'acompañante',
    ]);
  });

  it('never calls anyone a companion while nothing says there is one', () => {
    expect(roles(['¿Come bien?', 'Sí, de todo.'])).toEqual(['médico', 'paciente']);
  });

  it('follows the doctor’s correction of an earlier segment', () => {
    const before = (answerer: 'paciente' | 'acompañante'): RoleTurn[] => [
      { text: '¿Qué le pasa?', role: 'médico' },
      { text: 'Está con tos desde el lunes.', role: answerer },
      { text: '¿Y de noche tose?', role: 'médico' },
    ];
    expect(classifyRole('Sí, bastante.', before('paciente')).role).toBe('paciente');
    // The doctor marked the account as the companion's: the next bare answer is the companion's too.
    expect(classifyRole('Sí, bastante.', before('acompañante')).role).toBe('acompañante');
  });

  it('leaves a segment with no words to go on «sin asignar» rather than guess', () => {
    const guess = classifyRole('Bueno.', [{ text: 'Está bien.', role: 'sin asignar' }]);
    expect(guess.role).toBe('sin asignar');
    expect(guess.margin).toBeLessThan(0.5);
  });

  it('opens with the doctor', () => {
    expect(classifyRole('Buen día, ¿cómo anduvo este mes?', []).role).toBe('médico');
  });
});

describe('isQuestion', () => {
  it('reads the marks, or an accented interrogative opening a sentence when the marks are gone', () => {
    expect(isQuestion('¿Tuvo fiebre?')).toBe(true);
    expect(isQuestion('Tuvo fiebre?')).toBe(true);
    expect(isQuestion('Qué te trae por acá')).toBe(true);
    expect(isQuestion('Bien. Desde cuándo los mareos')).toBe(true);
    expect(isQuestion('Y cuántas veces por día')).toBe(true);
    // Unaccented: a relative or a conjunction, not a question.
    expect(isQuestion('Lo que me contás suena a ansiedad.')).toBe(false);
    expect(isQuestion('Como sos alérgica, te doy otra cosa.')).toBe(false);
    expect(isQuestion('Me duele cuando respiro.')).toBe(false);
  });
});
