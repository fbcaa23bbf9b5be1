/**
 * Browser side of the speech-engine e2e spec (test/bench/speech-harness.html, served by a Vite dev
 * server): drives Escriba's real speech path (SpeechClient → worker → WhisperEngine →
 * transformers.js → ONNX Runtime, model files from the OPFS model store) and exposes it, as plain
 * data, on `window.escribaSpeechHarness` for Playwright. It is a harness, never part of the app.
 *
 * The model is the Whisper fixture (random weights, scripted Spanish output): plumbing, not quality.
 */
import { parseCatalog, variantFiles } from '../../src/model-manager/catalog';
import type { TransformersJsModel } from '../../src/model-manager/catalogSchema';
import { resolveRelativeHosts } from '../../src/model-manager/catalogSource';
import { SpeechClient } from '../../src/speech/speechClient';
import type { SpeechDevice, SpeechStatus } from '../../src/speech/speechEngine';
import { isRecord } from '../../src/shared/isRecord';
import type { HarnessWorkerMessage, HarnessWorkerReply } from './speech-harness.worker';

const FIXTURE_ID = 'whisper-fixture';
/** The dev server is rooted at the repository, so fixtures are served from their own folders. */
const FIXTURES = '/test/fixtures';

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
  /** Starts a transcription of a WAV and returns at once; `waitTranscription()` gives its outcome. */
  startTranscription(wav: string): void;
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

const worker = new Worker(new URL('./speech-harness.worker.ts', import.meta.url), { type: 'module', name: 'speech-harness' });
const client = new SpeechClient(() => worker);
const seen: SpeechStatus[] = [];
const seenAt: number[] = [];
let started: Promise<HarnessOutcome<{ text: string; device: SpeechDevice }>> | undefined;
client.subscribe((status) => {
  seen.push(status);
  seenAt.push(performance.now());
});

async function fixtureModel(): Promise<TransformersJsModel> {
  const json: unknown = await (await fetch(`${FIXTURES}/models/catalog.json`)).json();
  const model = parseCatalog(resolveRelativeHosts(json, location.origin)).byId(FIXTURE_ID);
  if (model?.engine !== 'transformers.js') throw new Error(`${FIXTURE_ID} is not a transformers.js model`);
  return model;
}

/** 16-bit PCM mono samples as floats (the fixture audio is written in exactly that format). */
async function readWav(url: string): Promise<Float32Array> {
  const view = new DataView(await (await fetch(url)).arrayBuffer());
  const ascii = (at: number) => String.fromCharCode(...new Uint8Array(view.buffer, at, 4));
  for (let offset = 12; offset + 8 <= view.byteLength; ) {
    const size = view.getUint32(offset + 4, true);
    if (ascii(offset) === 'data') return Float32Array.from({ length: size / 2 }, (_, i) => view.getInt16(offset + 8 + 2 * i, true) / 32_768);
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${url} has no data chunk`);
}

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

async function writeToOpfs(path: string[], bytes: ArrayBuffer): Promise<void> {
  let directory = await navigator.storage.getDirectory();
  for (const segment of path.slice(0, -1)) directory = await directory.getDirectoryHandle(segment, { create: true });
  const writable = await (await directory.getFileHandle(path.at(-1)!, { create: true })).createWritable();
  await writable.write(bytes);
  await writable.close();
}

const harness: SpeechHarness = {
  async installFixture() {
    const model = await fixtureModel();
    const base = `${FIXTURES}/models/hub/${model.source.repo}/resolve/${model.source.revision}`;
    const paths = [...new Set(model.variants.flatMap((variant) => variantFiles(model, variant).map((file) => file.path)))];
    for (const path of paths) {
      const response = await fetch(`${base}/${path}`);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      // The model store's layout (src/model-manager/store.opfs.ts): models/<model id>/<path>.
      await writeToOpfs(['models', model.id, ...path.split('/')], await response.arrayBuffer());
    }
    return paths;
  },
  load: async (device) => outcome(async () => client.load({ model: await fixtureModel(), device })),
  transcribe: (source, prompt) =>
    outcome(async () => {
      const audio = 'wav' in source ? await readWav(source.wav) : new Float32Array(Math.round(source.silenceSeconds * 16_000));
      return client.transcribe(audio, prompt === undefined ? {} : { prompt });
    }),
  startTranscription(wav) {
    started = harness.transcribe({ wav });
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
  worker: (message) =>
    new Promise((resolve) => {
      const onReply = (event: MessageEvent<unknown>) => {
        const data = event.data;
        if (!isRecord(data) || data.harness !== 'ack' || typeof data.devicesCreated !== 'number' || typeof data.devicesLost !== 'number') return;
        worker.removeEventListener('message', onReply);
        resolve({ harness: 'ack', devicesCreated: data.devicesCreated, devicesLost: data.devicesLost });
      };
      worker.addEventListener('message', onReply);
      worker.postMessage(message);
    }),
  dispose: () => client.dispose(),
};

window.escribaSpeechHarness = harness;
document.getElementById('ready')?.removeAttribute('hidden');
