/**
 * Browser side of `npm run bench:stt` (test/bench/stt.html on the bench's Vite dev server, which
 * serves a model folder at /models/). Picks the speech model as the app would (sttModelChoice.ts),
 * builds a long consultation from the fixture speech, then, in one page and one run:
 *
 *  a. Escriba's path over a finished recording: the audio stored in IndexedDB as the recorder
 *     stores it, then the real transcriber (stored audio → segmenter → SpeechClient → worker →
 *     Whisper → guards → segments and cursor committed to IndexedDB), timed per utterance;
 *  b. the plain transformers.js ASR pipeline (`chunk_length_s: 30`) over the same samples, same
 *     model files (from the same OPFS store), same device and dtypes, warmed up the same way;
 *  c. a live recording through the app's transcription service on a virtual clock (sttLiveRun.ts).
 *
 * It exposes `window.escribaSttBench` for the Node side, which samples memory meanwhile.
 */
import { env, pipeline } from '@huggingface/transformers';
import { SAMPLES_PER_FLUSH, floatToInt16 } from '../../src/audio/format';
import type { DevicePreference } from '../../src/app/modelEntries';
import { fileUrl } from '../../src/model-manager/catalog';
import type { TransformersJsModel, TransformersJsVariant } from '../../src/model-manager/catalogSchema';
import { OpfsModelStore } from '../../src/model-manager/store.opfs';
import { useModelStore } from '../../src/model-manager/transformersStore';
import { useAppOnnxRuntimeFiles } from '../../src/speech/onnxRuntimeFiles';
import { SpeechClient } from '../../src/speech/speechClient';
import type { SpeechDevice } from '../../src/speech/speechEngine';
import { transcribeEncounter } from '../../src/speech/transcriber';
import { createTranscriberStore } from '../../src/speech/transcriberStore';
import { AudioRepository } from '../../src/storage/audio';
import { EncounterRepository } from '../../src/storage/encounters';
import { EscribaDatabase } from '../../src/storage/schema';
import { FIXTURES, installIntoStore, readWav } from './fixtureFiles';
import { liveRun, type LiveRun } from './sttLiveRun';
import { chooseSpeechModel, type SpeechModelChoice } from './sttModelChoice';

const RATE = 16_000;
const GAP_S = 1.5;
/** Room tone in the gaps (-70 dBFS): real rooms are never digitally silent. */
const ROOM_TONE = 10 ** (-70 / 20);

export interface UtteranceTiming {
  startSample: number;
  endSample: number;
  /** Time in the speech engine; 0 for an utterance judged near-silent (never sent). */
  engineMs: number;
}

export interface EscribaRun {
  audioSeconds: number;
  loadMs: number;
  totalMs: number;
  utterances: UtteranceTiming[];
  segments: number;
}

export interface PlainRun {
  loadMs: number;
  totalMs: number;
  /** The fixture says one sentence per window and the pipeline merges repeats: a sanity figure only. */
  textChars: number;
}

export interface PrepareOptions {
  minutes: number;
  /** A catalogue id to measure instead of the app's pick (BENCH_STT_MODEL). */
  modelOverride?: string;
  devicePreference: DevicePreference;
}

export interface Prepared extends Omit<SpeechModelChoice, 'model' | 'variant'> {
  audioSeconds: number;
  modelId: string;
  modelName: string;
  modelTier: string;
}

export interface SttBench {
  prepare(options: PrepareOptions): Promise<Prepared>;
  /** `prompt: false` drops the glossary/previous-text prompt, to see what it costs. */
  escriba(seconds: number, options?: { prompt?: boolean }): Promise<EscribaRun>;
  plain(): Promise<PlainRun>;
  live(): Promise<LiveRun>;
}

declare global {
  interface Window {
    escribaSttBench?: SttBench;
  }
}

let model: TransformersJsModel;
let variant: TransformersJsVariant;
let device: SpeechDevice;
let audio: Float32Array = new Float32Array(0);

/** The fixture consultation repeated with pauses until it lasts `minutes`. */
function longConsultation(speech: Float32Array, minutes: number): Float32Array {
  const gap = Math.round(GAP_S * RATE);
  const period = speech.length + gap;
  const copies = Math.ceil((minutes * 60 * RATE) / period);
  const out = new Float32Array(copies * period);
  let seed = 7;
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    out[i] = ROOM_TONE * ((seed / 2 ** 31) * 2 - 1);
  }
  for (let c = 0; c < copies; c++) out.set(speech, c * period);
  return out;
}

const bench: SttBench = {
  async prepare({ minutes, modelOverride, devicePreference }) {
    const { model: chosen, variant: chosenVariant, ...choice } = await chooseSpeechModel(modelOverride, devicePreference);
    [model, variant, device] = [chosen, chosenVariant, choice.device];
    // From the catalogue's own host (served by the bench), as the app's downloader would fetch them.
    await installIntoStore(model, (m, path) => fileUrl(m.source, path));
    audio = longConsultation(await readWav(`${FIXTURES}/audio/consulta-es.wav`), minutes);
    return { ...choice, audioSeconds: audio.length / RATE, modelId: model.id, modelName: model.name, modelTier: model.tier };
  },

  async escriba(seconds, { prompt = true } = {}) {
    const samples = audio.subarray(0, Math.min(audio.length, Math.round(seconds * RATE)));
    const database = new EscribaDatabase(`stt-bench-${crypto.randomUUID()}`);
    const encounter = await new EncounterRepository(database).create({ reason: 'Cefalea' });
    const audioRepo = new AudioRepository(database);
    for (let i = 0; i < samples.length; i += SAMPLES_PER_FLUSH) {
      await audioRepo.append(encounter.id, floatToInt16(samples.subarray(i, i + SAMPLES_PER_FLUSH)));
    }
    await database.encounters.update(encounter.id, { status: 'recorded' });

    const client = new SpeechClient();
    const loadStart = performance.now();
    await client.load({ model, device });
    const loadMs = performance.now() - loadStart;

    const utterances: UtteranceTiming[] = [];
    let start = 0;
    let lastEngineMs = 0;
    const base = createTranscriberStore(database);
    const store = {
      ...base,
      commit: async (id: string, result: Parameters<typeof base.commit>[1]) => {
        const stored = await base.commit(id, result);
        utterances.push({
          startSample: result.startSample,
          endSample: result.endSample,
          engineMs: lastEngineMs,
        });
        lastEngineMs = 0;
        return stored;
      },
    };
    const engine = {
      transcribe: async (s: Float32Array, o?: Parameters<SpeechClient['transcribe']>[1]) => {
        const t = performance.now();
        const result = await client.transcribe(s, prompt ? o : { ...o, prompt: undefined });
        lastEngineMs = performance.now() - t;
        return result;
      },
    };
    start = performance.now();
    await transcribeEncounter(encounter.id, store, { engine, modelId: model.id, device: () => device }, new AbortController().signal);
    const totalMs = performance.now() - start;
    const segments = await database.segments.count();
    await client.dispose();
    database.close();
    await EscribaDatabase.delete(database.name);
    return { audioSeconds: samples.length / RATE, loadMs, totalMs, utterances, segments };
  },

  async plain() {
    useModelStore(env, new OpfsModelStore());
    useAppOnnxRuntimeFiles(env);
    const loadStart = performance.now();
    const asr = await pipeline('automatic-speech-recognition', model.id, { device, dtype: variant.dtype });
    // Warmed up like Escriba's engine (one short decode), so neither side pays first-run costs.
    await asr(new Float32Array(RATE), { language: 'spanish', task: 'transcribe' });
    const loadMs = performance.now() - loadStart;
    const start = performance.now();
    const output = await asr(audio, { chunk_length_s: 30, language: 'spanish', task: 'transcribe' });
    const totalMs = performance.now() - start;
    const text = Array.isArray(output) ? output.map((o) => o.text).join(' ') : output.text;
    await asr.dispose();
    return { loadMs, totalMs, textChars: text.length };
  },

  live: () => liveRun(audio, { model, device }),
};

window.escribaSttBench = bench;
