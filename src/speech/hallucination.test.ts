import { describe, expect, it } from 'vitest';
import type { Utterance } from '../audio/segmenterUtterance';
import { acceptTranscription, cannotHoldPhrase, capRepetitions, isSilencePhrase } from './hallucination';

function utterance(rmsDbfs: number, seconds: number, speechRatio: number): Utterance {
  const samples = seconds * 16_000;
  return { startSample: 0, endSample: samples, samples: new Float32Array(0), speechRatio, rms: 10 ** (rmsDbfs / 20), end: 'pause' };
}
const loud = utterance(-20, 4, 0.8);
const quiet = utterance(-45, 4, 0.5);
const blip = utterance(-25, 1, 0.3); // 300 ms of speech: a cough, a chair
const click = utterance(-25, 1, 0.2); // 200 ms
const spokenThanks = utterance(-24, 1, 0.5); // "Gracias" said aloud, ~0.5 s

describe('capRepetitions', () => {
  it('cuts a looping phrase to two occurrences and keeps what follows', () => {
    const loop = 'Tome el comprimido cada ocho horas. '.repeat(9) + 'Y vuelva en una semana.';
    expect(capRepetitions(loop)).toBe('Tome el comprimido cada ocho horas. Tome el comprimido cada ocho horas. Y vuelva en una semana.');
  });

  it('allows a word said three times but not a stuck word', () => {
    expect(capRepetitions('No, no, no, me duele acá')).toBe('No, no, no, me duele acá');
    expect(capRepetitions('sí sí sí sí sí sí sí')).toBe('sí sí sí');
  });

  it('compares without case, accents or punctuation', () => {
    expect(capRepetitions('Dolor. dolor, DOLÓR dolor')).toBe('Dolor. dolor, DOLÓR');
  });

  it('leaves ordinary speech untouched', () => {
    const text = 'Me duele la cabeza desde hace dos días y el ibuprofeno de 600 no me hace nada.';
    expect(capRepetitions(text)).toBe(text);
  });
});

describe('silence phrases', () => {
  it('recognises Whisper’s known inventions in any case or accent', () => {
    for (const phrase of [
      ' Gracias por ver el video.',
      '¡Muchas gracias por ver!',
      'Subtítulos realizados por la comunidad de Amara.org',
      'SUSCRÍBETE AL CANAL',
      ' Thank you for watching.',
      '[Música]',
    ]) expect(isSilencePhrase(phrase), phrase).toBe(true);
  });

  it('does not take clinical speech for one', () => {
    expect(isSilencePhrase('Gracias, doctor, me siento mejor')).toBe(false);
    expect(isSilencePhrase('Tome ibuprofeno cada ocho horas')).toBe(false);
  });
});

describe('acceptTranscription', () => {
  it('drops a silence phrase over audio that cannot have held it but keeps it when someone really said it', () => {
    expect(acceptTranscription(' Gracias por ver el video.', quiet)).toBeNull();
    expect(acceptTranscription(' Gracias por ver el video.', blip)).toBeNull();
    expect(acceptTranscription(' Gracias.', click)).toBeNull();
    expect(acceptTranscription(' Gracias.', spokenThanks)).toBe('Gracias.');
    expect(acceptTranscription(' Gracias.', loud)).toBe('Gracias.');
  });

  it('strips leftover special tokens and sound labels; nothing left is nothing stored', () => {
    expect(acceptTranscription('<|es|> El paciente refiere fiebre.<|3.20|>', loud)).toBe('El paciente refiere fiebre.');
    expect(acceptTranscription(' ... ', loud)).toBeNull();
    expect(acceptTranscription('(música)', loud)).toBeNull();
  });

  it('caps a loop in what it keeps', () => {
    expect(acceptTranscription('hola hola hola hola hola hola', loud)).toBe('hola hola hola');
  });

  it('judges by level, or by less speech than saying the phrase takes', () => {
    const phrase = 'Gracias por ver el video'; // 20 letters: at least 0.8 s of speech
    expect([loud, quiet, blip, spokenThanks].map((u) => cannotHoldPhrase(u, phrase))).toEqual([false, true, true, true]);
    expect([loud, quiet, blip, click, spokenThanks].map((u) => cannotHoldPhrase(u, 'Gracias'))).toEqual([false, true, false, true, false]);
  });
});
