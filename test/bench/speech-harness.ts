/**
 * Browser side of the speech-engine e2e spec (test/bench/speech-harness.html, served by a Vite dev
 * server): drives Escriba's real speech path (SpeechClient → worker → WhisperEngine →
 * transformers.js → ONNX Runtime, model files from the OPFS model store) and exposes it, as plain
 * data, on `window.escribaSpeechHarness` for Playwright. It is a harness, never part of the app.
 *
 * The model is the Whisper fixture (random weights, scripted Spanish output): plumbing, not quality.
 */
import { SpeechClient } from '../../src/speech/speechClient';
import type { SpeechDevice, SpeechStatus } from '../../src/speech/speechEngine';
import { askHarnessWorker, type HarnessWorkerMessage, type HarnessWorkerReply } from './harnessGpu';
import { fixtureTransformersModel, installIntoStore, readWav } from './fixtureFiles';

const FIXTURE_ID = 'whisper-fixture';
const fixtureModel = () => fixtureTransformersModel(FIXTURE_ID);

export interface HarnessOutcome<T> {
  value?: T;
  errorName?: string;
  errorMessage?: string;
  elapsedMs: number;
}

export interface SpeechHarness {
  /** Writes the fixture's files (both variants) into OPFS, where the model store reads them. */
  installFixture(): Promise<string[]>;
  load(device: SpeechDevice): Promise<HarnessOutcome<SpeechStatus>>;
  /** Transcribes a WAV served by the dev server (16-bit PCM mono, 16 kHz), or `seconds` of silence. */
  transcribe(source: { wav: string } | { silenceSeconds: number }, prompt?: string): Promise<HarnessOutcome<{ text: string; device: SpeechDevice }>>;
  /**
   * Starts a transcription of a WAV and returns once its request is on its way to the worker (so
   * a harness message sent next reaches the worker while it decodes); `waitTranscription()` gives
   * its outcome.
   */
  startTranscription(wav: string): Promise<void>;
  waitTranscription(): Promise<HarnessOutcome<{ text: string; device: SpeechDevice }>>;
  /** Starts a transcription, aborts it after `afterMs`, and reports how the call ended. */
  transcribeAndCancel(wav: string, afterMs: number): Promise<HarnessOutcome<{ text: string; device: SpeechDevice }>>;
  /** Every status the client reported, in order, since the page loaded or the last `clearStatuses()`. */
  statuses(): SpeechStatus[];
  /** Milliseconds spent in each phase, in order, from the same statuses (for the spec's log). */
  phaseTimes(): { phase: string; ms: number }[];
  clearStatuses(): void;
  status(): SpeechStatus;
  worker(message: HarnessWorkerMessage): Promise<HarnessWorkerReply>;
  dispose(): Promise<void>;
}

declare global {
  interface Window {
    escribaSpeechHarness?: SpeechHarness;
  }
}

// A new worker each time the client starts one (after a lost GPU it replaces its worker); the
// harness hooks always reach the current one.
let worker: Worker | undefined;
const client = new SpeechClient(() => (worker = new Worker(new URL('./speech-harness.worker.ts', import.meta.url), { type: 'module', name: 'speech-harness' })));
const seen: SpeechStatus[] = [];
const seenAt: number[] = [];
let started: Promise<HarnessOutcome<{ text: string; device: SpeechDevice }>> | undefined;
client.subscribe((status) => {
  seen.push(status);
  seenAt.push(performance.now());
});

async function outcome<T>(work: () => Promise<T>): Promise<HarnessOutcome<T>> {
  const startedAt = performance.now();
  try {
    const value = await work();
    return { value, elapsedMs: performance.now() - startedAt };
  } catch (error) {
    const named = error instanceof Error ? error : new Error(String(error));
    return { errorName: named.name, errorMessage: named.message, elapsedMs: performance.now() - startedAt };
  }
}

const harness: SpeechHarness = {
  installFixture: async () => installIntoStore(await fixtureModel()),
  load: async (device) => outcome(async () => client.load({ model: await fixtureModel(), device })),
  transcribe: (source, prompt) =>
    outcome(async () => {
      const audio = 'wav' in source ? await readWav(source.wav) : new Float32Array(Math.round(source.silenceSeconds * 16_000));
      return client.transcribe(audio, prompt === undefined ? {} : { prompt });
    }),
  async startTranscription(wav) {
    const audio = await readWav(wav);
    started = outcome(() => client.transcribe(audio));
  },
  waitTranscription: () => started ?? Promise.reject(new Error('no transcription was started')),
  transcribeAndCancel: async (wav, afterMs) => {
    const audio = await readWav(wav);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), afterMs);
    return outcome(() => client.transcribe(audio, { signal: controller.signal }));
  },
  statuses: () => structuredClone(seen),
  phaseTimes() {
    const times: { phase: string; ms: number }[] = [];
    seen.forEach((status, i) => {
      const ms = (seenAt[i + 1] ?? performance.now()) - seenAt[i]!;
      const last = times.at(-1);
      if (last?.phase === status.phase) last.ms += ms;
      else times.push({ phase: status.phase, ms });
    });
    return times;
  },
  clearStatuses: () => {
    seen.splice(0);
    seenAt.splice(0);
  },
  status: () => structuredClone(client.getStatus()),
  worker: (message) => (worker ? askHarnessWorker(worker, message) : Promise.reject(new Error('no speech worker was started'))),
  dispose: () => client.dispose(),
};

window.escribaSpeechHarness = harness;
document.getElementById('ready')?.removeAttribute('hidden');
