import { describe, expect, it } from 'vitest';
import type { SpeechStatus } from '../speech/speechEngine';
import { formatBacklog, loadPercent, transcriptStatusLine } from './transcriptStatus';
import type { Transcription } from './transcriptionContext';

const SAMPLES_PER_S = 16_000;
const ready: SpeechStatus = { phase: 'ready', files: [] };

function service(patch: Partial<Transcription> = {}): Transcription {
  return {
    availability: { kind: 'available', modelId: 'whisper', device: 'webgpu' },
    speech: ready,
    activeEncounterId: null,
    error: null,
    retranscribe: () => Promise.resolve(),
    retry: () => undefined,
    ...patch,
  };
}

const encounter = (storedS: number, transcribedS?: number) => ({
  id: 'e1',
  storedSamples: storedS * SAMPLES_PER_S,
  ...(transcribedS === undefined ? {} : { transcribedSamples: transcribedS * SAMPLES_PER_S }),
});

const text = (line: ReturnType<typeof transcriptStatusLine>) => (line?.kind === 'text' ? line.text : line?.kind);

describe('transcriptStatusLine', () => {
  it('says why nothing transcribes before anything else', () => {
    expect(transcriptStatusLine(service({ availability: { kind: 'no-model' } }), encounter(30), false)).toEqual({ kind: 'no-model' });
    expect(text(transcriptStatusLine(service({ availability: { kind: 'unavailable', message: 'Sin memoria.' } }), encounter(30), false))).toBe('Sin memoria.');
    expect(text(transcriptStatusLine(service({ availability: { kind: 'other-tab' } }), encounter(30), true))).toBe(
      'La transcripción se hace en otra pestaña de Escriba.',
    );
  });

  it('says nothing while availability is being checked', () => {
    expect(transcriptStatusLine(service({ availability: { kind: 'checking' } }), encounter(30), false)).toBeNull();
  });

  it('leaves an error to its alert', () => {
    expect(transcriptStatusLine(service({ error: 'Falló.', activeEncounterId: 'e1' }), encounter(30, 10), false)).toBeNull();
  });

  it('reports model preparation, with bytes while loading', () => {
    const loading: SpeechStatus = {
      phase: 'loading',
      files: [
        { file: 'a.onnx', loadedBytes: 470, totalBytes: 1000 },
        { file: 'b.json', loadedBytes: 0, totalBytes: 0 },
      ],
    };
    expect(text(transcriptStatusLine(service({ speech: loading }), encounter(30), false))).toBe('Preparando el modelo de voz… 40 %');
    expect(text(transcriptStatusLine(service({ speech: { phase: 'warming', files: [] } }), encounter(30), false))).toBe(
      'Preparando el modelo de voz…',
    );
  });

  it('counts the audio left for the consultation it is working on', () => {
    const active = service({ activeEncounterId: 'e1' });
    expect(text(transcriptStatusLine(active, encounter(30, 18), false))).toBe('Transcribiendo… faltan 12 s de audio');
    expect(text(transcriptStatusLine(active, encounter(30), false))).toBe('Transcribiendo… faltan 30 s de audio');
    expect(text(transcriptStatusLine(active, encounter(600, 30), false))).toBe('Transcribiendo… faltan 10 min de audio');
  });

  it('while recording, shows no figure for the normal trail of an utterance, only for real lag', () => {
    const active = service({ activeEncounterId: 'e1' });
    expect(text(transcriptStatusLine(active, encounter(40, 20), true))).toBe('Transcribiendo mientras graba…');
    expect(text(transcriptStatusLine(active, encounter(300, 20), true))).toBe('Transcribiendo… faltan 5 min de audio');
    expect(text(transcriptStatusLine(service(), encounter(40, 20), true))).toBe('Transcripción en espera.');
  });

  it('is quiet with no audio, pending when another consultation goes first, up to date when done', () => {
    expect(transcriptStatusLine(service(), encounter(0), false)).toBeNull();
    expect(text(transcriptStatusLine(service({ activeEncounterId: 'e2' }), encounter(90, 30), false))).toBe(
      'Transcripción pendiente: 1 min de audio.',
    );
    expect(text(transcriptStatusLine(service(), encounter(30, 30), false))).toBe('Transcripción al día.');
  });
});

describe('loadPercent', () => {
  it('is unknown while a size is unknown or nothing is listed', () => {
    expect(loadPercent({ files: [{ file: 'a', loadedBytes: 5, totalBytes: null }] })).toBeNull();
    expect(loadPercent({ files: [] })).toBeNull();
  });

  it('floors to 10 % steps and never passes 100', () => {
    expect(loadPercent({ files: [{ file: 'a', loadedBytes: 999, totalBytes: 1000 }] })).toBe(90);
    expect(loadPercent({ files: [{ file: 'a', loadedBytes: 1200, totalBytes: 1000 }] })).toBe(100);
  });
});

describe('formatBacklog', () => {
  it('rounds seconds up and minutes to the nearest', () => {
    expect(formatBacklog(1)).toBe('1 s');
    expect(formatBacklog(59_000)).toBe('59 s');
    expect(formatBacklog(89_000)).toBe('1 min');
    expect(formatBacklog(91_000)).toBe('2 min');
  });
});
