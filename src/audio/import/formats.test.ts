import { describe, expect, it } from 'vitest';
import { UnsupportedAudioFileError } from '../../shared/errors';
import { ACCEPTED_AUDIO_FORMATS_TEXT, spanishMessage } from '../../shared/messages';
import { IMPORT_ACCEPT, IMPORT_FORMATS, importFormatOf } from './formats';

const file = (name: string, type = '') => ({ name, type });

describe('importFormatOf', () => {
  it('knows the five formats by extension, whatever the case or the reported type', () => {
    expect(importFormatOf(file('Consulta.WAV')).id).toBe('wav');
    expect(importFormatOf(file('a.mp3', 'audio/mpeg')).id).toBe('mp3');
    expect(importFormatOf(file('nota de voz.m4a', 'audio/x-m4a')).id).toBe('m4a');
    expect(importFormatOf(file('audio.opus')).id).toBe('ogg');
    // Operating systems report .webm as video even when it holds only audio.
    expect(importFormatOf(file('grabación.webm', 'video/webm')).id).toBe('webm');
  });

  it('falls back on the MIME type when the name has no known extension', () => {
    expect(importFormatOf(file('consulta 12.05', 'audio/ogg; codecs=opus')).id).toBe('ogg');
    expect(importFormatOf(file('grabacion', 'audio/wav')).id).toBe('wav');
  });

  it('refuses anything else with a named error and a Spanish message naming the formats', () => {
    for (const refused of [file('informe.pdf', 'application/pdf'), file('video.mp4', 'video/mp4'), file('sin-extension')]) {
      expect(() => importFormatOf(refused)).toThrow(UnsupportedAudioFileError);
    }
    try {
      importFormatOf(file('informe.pdf'));
    } catch (error) {
      expect(spanishMessage(error)).toBe(
        '«informe.pdf» no es un archivo de audio que Escriba pueda importar. Formatos aceptados: WAV, MP3, M4A, OGG y WEBM.',
      );
    }
  });

  it('names in messages exactly the formats it accepts, and offers them all to the file picker', () => {
    const labels = IMPORT_FORMATS.map((f) => f.label);
    expect(ACCEPTED_AUDIO_FORMATS_TEXT).toBe(`${labels.slice(0, -1).join(', ')} y ${labels.at(-1)}`);
    for (const format of IMPORT_FORMATS) {
      for (const extension of format.extensions) expect(IMPORT_ACCEPT.split(',')).toContain(`.${extension}`);
    }
  });
});
