/**
 * The transcription queue over a real (fake-indexeddb) database and a fake speech engine: the
 * model boundary is the only fake. Audio is synthetic "speech" bursts separated by silence.
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AudioRepository } from '../storage/audio';
import { EncounterRepository } from '../storage/encounters';
import { EscribaDatabase } from '../storage/schema';
import { TranscriptRepository } from '../storage/transcript';
import { floatToInt16 } from '../audio/format';
import { MAX_UTTERANCE_S } from '../audio/segmenter';
import { READ_BLOCK_SAMPLES, transcribeEncounter, needsTranscription, type TranscriberModel } from './transcriber';
import { createTranscriberStore } from './transcriberStore';

const RATE = 16_000;
let database: EscribaDatabase;
let encounters: EncounterRepository;
let audio: AudioRepository;
let transcript: TranscriptRepository;

beforeEach(() => {
  database = new EscribaDatabase(`transcriber-test-${crypto.randomUUID()}`);
  encounters = new EncounterRepository(database);
  audio = new AudioRepository(database);
  transcript = new TranscriptRepository(database);
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

/** Seconds of a speech-like signal (amplitude-modulated tones with noise) or of room tone. */
function signal(seconds: number, speech: boolean, seed = 1): Float32Array {
  let state = seed;
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const noise = ((state / 2 ** 31) * 2 - 1) * 0.0005;
    if (!speech) return noise;
    const t = i / RATE;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    return noise + 0.3 * envelope * (Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 660 * t));
  });
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

async function store(id: string, samples: Float32Array, chunk = RATE): Promise<void> {
  for (let i = 0; i < samples.length; i += chunk) await audio.append(id, floatToInt16(samples.subarray(i, i + chunk)));
}

/** Says which utterance it heard: "frase N", N counting calls; records every call's prompt. */
function fakeModel(options: { text?: (n: number) => string; fail?: number } = {}) {
  const calls: { seconds: number; prompt?: string }[] = [];
  const model: TranscriberModel = {
    modelId: 'fake-whisper',
    device: () => 'wasm',
    engine: {
      async transcribe(samples, opts) {
        calls.push({ seconds: samples.length / RATE, ...(opts?.prompt === undefined ? {} : { prompt: opts.prompt }) });
        if (options.fail === calls.length) throw new Error('fallo del motor');
        return { text: options.text?.(calls.length) ?? ` Frase ${calls.length}.`, device: 'wasm' };
      },
    },
  };
  return { model, calls };
}

const speech3 = () => concat(signal(1, false), signal(2, true, 2), signal(1.5, false), signal(3, true, 3), signal(1.5, false), signal(2, true, 4), signal(1, false));

describe('transcribeEncounter', () => {
  it('transcribes a finished recording, packing utterances into Whisper windows, and moves the cursor to the end', async () => {
    const e = await encounters.create({ reason: 'Cefalea' });
    await store(e.id, concat(speech3(), signal(30, false), speech3()));
    await encounters.setStatus(e.id, 'recorded');
    const { model, calls } = fakeModel();
    await transcribeEncounter(e.id, createTranscriberStore(database), model, new AbortController().signal);

    // Three bursts within 12 s fit one 28 s window; the next three, 30 s later, another one.
    const segments = await transcript.list(e.id);
    expect(segments.map((s) => s.text)).toEqual(['Frase 1.', 'Frase 2.']);
    expect(calls.map((c) => Math.round(c.seconds))).toEqual([10, 10]);
    const near = (ms: number, target: number) => Math.abs(ms - target) <= 400;
    expect(near(segments[0]!.startMs, 1000) && near(segments[0]!.endMs, 11_000)).toBe(true);
    expect(near(segments[1]!.startMs, 43_000) && near(segments[1]!.endMs, 53_000)).toBe(true);
    expect(segments[0]).toMatchObject({ modelId: 'fake-whisper', device: 'wasm' });
    expect((await encounters.get(e.id))?.transcribedSamples).toBe(54 * RATE);
    expect(needsTranscription((await encounters.get(e.id))!)).toBe(false);
    // The glossary, the reason and the previous segment's text prompt the next window.
    expect(calls[1]?.prompt).toMatch(/Términos: .*Motivo de consulta: Cefalea\. Frase 1\.$/);
  });

  it('prompts with the specialty words of the note template the doctor last used', async () => {
    const e = await encounters.create();
    await store(e.id, speech3());
    await encounters.setStatus(e.id, 'recorded');
    await database.settings.put({ key: 'notes.template', value: 'pediatria' });
    const { model, calls } = fakeModel();
    await transcribeEncounter(e.id, createTranscriberStore(database), model, new AbortController().signal);
    expect(calls[0]?.prompt).toMatch(/Términos: ibuprofeno, .*, bronquiolitis, .*mg\/kg\./);
  });

  it('sends no near-silent audio to the engine and stores nothing for it', async () => {
    const e = await encounters.create();
    await store(e.id, signal(20, false));
    await encounters.setStatus(e.id, 'recorded');
    const { model, calls } = fakeModel();
    await transcribeEncounter(e.id, createTranscriberStore(database), model, new AbortController().signal);
    expect(calls).toHaveLength(0);
    expect(await transcript.list(e.id)).toEqual([]);
    expect((await encounters.get(e.id))?.transcribedSamples).toBe(20 * RATE);
  });

  it('keeps a silence phrase when its audio was loud speech', async () => {
    const e = await encounters.create();
    await store(e.id, speech3());
    await encounters.setStatus(e.id, 'recorded');
    const quietHallucination = (n: number) => (n === 1 ? ' Subtítulos realizados por la comunidad de Amara.org' : ` Frase ${n}.`);
    const { model } = fakeModel({ text: quietHallucination });
    await transcribeEncounter(e.id, createTranscriberStore(database), model, new AbortController().signal);
    // The burst is loud, so the phrase is kept: only quiet audio makes it a hallucination.
    expect((await transcript.list(e.id)).map((s) => s.text)).toContain('Subtítulos realizados por la comunidad de Amara.org');
  });

  it('stores no glossary written back as speech, and never prompts with it', async () => {
    const e = await encounters.create({ reason: 'Control' });
    // Two windows 30 s apart, so the second call shows what the first left as context.
    await store(e.id, concat(speech3(), signal(30, false), speech3()));
    await encounters.setStatus(e.id, 'recorded');
    const echo = (n: number) => (n === 1 ? ' Ibuprofeno, paracetamol, amoxicilina, enalapril, losartán.' : ` Frase ${n}.`);
    const { model, calls } = fakeModel({ text: echo });
    await transcribeEncounter(e.id, createTranscriberStore(database), model, new AbortController().signal);
    expect((await transcript.list(e.id)).map((s) => s.text)).toEqual(['Frase 2.']);
    expect(calls[1]?.prompt).toMatch(/Motivo de consulta: Control\.$/);
    expect((await encounters.get(e.id))?.transcribedSamples).toBe(54 * RATE);
  });

  it('follows a live recording: each utterance shows as soon as its pause is stored, the last after it stops', async () => {
    const e = await encounters.create();
    await encounters.setStatus(e.id, 'recording');
    const { model } = fakeModel();
    const run = transcribeEncounter(e.id, createTranscriberStore(database), model, new AbortController().signal);
    const audioPart = speech3();
    // Stored second by second, as the recorder does: caught up, nothing is held back for packing.
    for (let second = 0; second < 12; second++) {
      await store(e.id, audioPart.subarray(second * RATE, (second + 1) * RATE));
      if (second === 4) await waitFor(async () => (await transcript.list(e.id)).length === 1);
      if (second === 8) await waitFor(async () => (await transcript.list(e.id)).length === 2);
    }
    await encounters.setStatus(e.id, 'recorded');
    await run;
    expect((await transcript.list(e.id)).map((s) => s.text)).toEqual(['Frase 1.', 'Frase 2.', 'Frase 3.']);
  });

  it('resumes after an interruption from the stored cursor: nothing lost, nothing twice', async () => {
    const e = await encounters.create();
    const apart = signal(29, false);
    await store(e.id, concat(signal(2, true, 2), apart, signal(2, true, 3), apart, signal(2, true, 4), signal(1, false)));
    await encounters.setStatus(e.id, 'recorded');
    const first = fakeModel({ fail: 2 });
    await expect(transcribeEncounter(e.id, createTranscriberStore(database), first.model, new AbortController().signal)).rejects.toThrow('fallo del motor');
    expect((await transcript.list(e.id)).map((s) => s.text)).toEqual(['Frase 1.']);

    const second = fakeModel({ text: (n) => ` Reanudada ${n}.` });
    await transcribeEncounter(e.id, createTranscriberStore(database), second.model, new AbortController().signal);
    expect((await transcript.list(e.id)).map((s) => s.text)).toEqual(['Frase 1.', 'Reanudada 1.', 'Reanudada 2.']);
    expect(second.calls[0]?.prompt?.endsWith('Frase 1.')).toBe(true);
  });

  it('resumed at a 28 s cut in the middle of speech, carries on from exactly there', async () => {
    const e = await encounters.create();
    await store(e.id, concat(signal(1, false), signal(40, true, 5), signal(2, false)));
    await encounters.setStatus(e.id, 'recorded');
    const first = fakeModel({ fail: 2 });
    await expect(transcribeEncounter(e.id, createTranscriberStore(database), first.model, new AbortController().signal)).rejects.toThrow();
    const cut = (await encounters.get(e.id))!.transcribedSamples!;
    expect(cut).toBeGreaterThan(20 * RATE);
    expect(cut).toBeLessThan(30 * RATE);

    const second = fakeModel();
    await transcribeEncounter(e.id, createTranscriberStore(database), second.model, new AbortController().signal);
    const segments = await transcript.list(e.id);
    expect(segments).toHaveLength(2);
    // Nothing before the cursor is sent again; nothing after it is skipped.
    expect(segments[1]!.startSample).toBe(cut);
    expect(segments[1]!.endMs).toBeGreaterThanOrEqual(41_000);
    expect(second.calls[0]!.seconds).toBeCloseTo((segments[1]!.endSample - cut) / RATE, 3);
  });

  it('resumed anywhere, cuts the rest exactly as an uninterrupted run does (no gap or shift at the seam)', { timeout: 20_000 }, async () => {
    const audio = concat(signal(1, false), signal(31, true, 8), signal(0.4, false), signal(3, true, 9), signal(0.3, false), signal(12, true, 10), signal(1, false));
    const boundaries = async (failAt: number | undefined) => {
      const e = await encounters.create();
      await store(e.id, audio);
      await encounters.setStatus(e.id, 'recorded');
      if (failAt !== undefined) {
        await expect(
          transcribeEncounter(e.id, createTranscriberStore(database), fakeModel({ fail: failAt }).model, new AbortController().signal),
        ).rejects.toThrow();
      }
      await transcribeEncounter(e.id, createTranscriberStore(database), fakeModel().model, new AbortController().signal);
      return (await transcript.list(e.id)).map((s) => [s.startSample, s.endSample]);
    };
    const uninterrupted = await boundaries(undefined);
    expect(uninterrupted.length).toBeGreaterThan(1);
    // Interrupted at each engine call after the first, so the cursor lands at each seam in turn.
    for (let failAt = 2; failAt <= uninterrupted.length; failAt++) expect(await boundaries(failAt)).toEqual(uninterrupted);
  });

  it('keeps memory bounded: reads stay a window or two ahead of the stored cursor', { timeout: 20_000 }, async () => {
    const e = await encounters.create();
    const long = concat(...Array.from({ length: 60 }, (_, i) => concat(signal(2, true, i + 7), signal(1, false))));
    await store(e.id, long);
    await encounters.setStatus(e.id, 'recorded');
    const base = createTranscriberStore(database);
    let readAhead = 0;
    const { model } = fakeModel();
    const watched = {
      ...base,
      readSamples: async (id: string, from: number, max: number) => {
        const block = await base.readSamples(id, from, max);
        const cursor = (await encounters.get(e.id))?.transcribedSamples ?? 0;
        readAhead = Math.max(readAhead, from + block.length - cursor);
        return block;
      },
    };
    await transcribeEncounter(e.id, watched, model, new AbortController().signal);
    // 60 bursts of 2 s, packed into windows of at most 28 s.
    const segments = await transcript.list(e.id);
    expect(segments.length).toBeGreaterThanOrEqual(180 / 28);
    expect(segments.length).toBeLessThan(60);
    expect(segments.every((s) => s.endMs - s.startMs <= 28_000)).toBe(true);
    // Ahead of the stored cursor: at most a window held for packing, an utterance in progress and
    // one read block, far less than the 180 s stored: the queue never runs ahead of the engine.
    expect(readAhead).toBeLessThanOrEqual(READ_BLOCK_SAMPLES + 2 * MAX_UTTERANCE_S * RATE);
    expect(readAhead).toBeLessThan(long.length / 2);
  });

  it('stops at once when aborted while waiting for more audio', async () => {
    const e = await encounters.create();
    await encounters.setStatus(e.id, 'recording');
    const controller = new AbortController();
    const run = transcribeEncounter(e.id, createTranscriberStore(database), fakeModel().model, controller.signal);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await run;
    expect((await encounters.get(e.id))?.transcribedSamples ?? 0).toBe(0);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
