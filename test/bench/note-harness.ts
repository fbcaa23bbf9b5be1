/**
 * Browser side of the note-engine e2e spec (test/bench/note-harness.html, served by a Vite dev
 * server or built): drives Escriba's real note path (NoteClient → note worker → EngineSwitch →
 * TransformersNoteEngine → transformers.js + xgrammar → ONNX Runtime, model files from the OPFS
 * model store) and exposes it, as plain data, on `window.escribaNoteHarness` for Playwright. It is
 * a harness, never part of the app.
 *
 * The models are the LLM fixtures (random weights; one writes a scripted note): plumbing, not quality.
 *
 * With `?gpu-hooks` in its URL the page starts note-harness.worker.ts instead of the app's note
 * worker: the same host and transformers.js engine, plus hooks to lose the GPU (harnessGpu.ts).
 */
import { NoteClient } from '../../src/notes/engine/noteClient';
import type { NoteDevice, NoteEngineStatus, NoteGenerationProgress, NoteGenerationResult } from '../../src/notes/engine/noteEngine';
import type { WireGenerationRequest } from '../../src/notes/engine/note.protocol';
import { fixtureTransformersModel, installIntoStore } from './fixtureFiles';
import { askHarnessWorker, type HarnessWorkerMessage, type HarnessWorkerReply } from './harnessGpu';

export interface HarnessOutcome<T> {
  value?: T;
  errorName?: string;
  errorMessage?: string;
  elapsedMs: number;
}

export interface GenerationOutcome extends HarnessOutcome<NoteGenerationResult> {
  /** Every progress event the client passed on, in order. */
  progress: NoteGenerationProgress[];
}

export interface NoteHarness {
  /** Writes a fixture model's files (both variants) into OPFS, where the model store reads them. */
  installFixture(id: string): Promise<string[]>;
  load(id: string, device: NoteDevice): Promise<HarnessOutcome<NoteEngineStatus>>;
  generate(request: WireGenerationRequest): Promise<GenerationOutcome>;
  /** Generates and aborts once `afterTokens` tokens have been reported (0: before sending). */
  generateAndCancel(request: WireGenerationRequest, afterTokens: number): Promise<GenerationOutcome>;
  /** Generates and destroys the GPU device once `afterTokens` tokens have been reported (needs `?gpu-hooks`). */
  generateAndLoseGpu(request: WireGenerationRequest, afterTokens: number): Promise<GenerationOutcome>;
  /** Sends a GPU hook to the harness worker (needs `?gpu-hooks`). */
  worker(message: HarnessWorkerMessage): Promise<HarnessWorkerReply>;
  /** Every status the client reported, in order, since the page loaded. */
  statuses(): NoteEngineStatus[];
  /** Milliseconds spent in each phase, in order, from the same statuses (for the spec's log). */
  phaseTimes(): { phase: string; ms: number }[];
  status(): NoteEngineStatus;
  dispose(): Promise<void>;
}

declare global {
  interface Window {
    escribaNoteHarness?: NoteHarness;
  }
}

const gpuHooks = new URLSearchParams(location.search).has('gpu-hooks');
/** The newest harness worker: NoteClient starts a new one after a lost GPU. */
let hooked: Worker | undefined;
const client = gpuHooks
  ? new NoteClient(() => (hooked = new Worker(new URL('./note-harness.worker.ts', import.meta.url), { type: 'module', name: 'note-harness' })))
  : new NoteClient();

function hookedWorker(): Worker {
  if (!hooked) throw new Error('Open the harness with ?gpu-hooks, and load a model, to reach its GPU');
  return hooked;
}
const seen: NoteEngineStatus[] = [];
const seenAt: number[] = [];
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

/** Generates; once `after.tokens` tokens are reported, `after.act` runs (once), given the call's abort controller. */
async function generate(
  request: WireGenerationRequest,
  after?: { tokens: number; act: (controller: AbortController) => void },
): Promise<GenerationOutcome> {
  const progress: NoteGenerationProgress[] = [];
  const controller = new AbortController();
  let acted = false;
  const act = () => {
    if (acted || !after) return;
    acted = true;
    after.act(controller);
  };
  if (after?.tokens === 0) act();
  const result = await outcome(() =>
    client.generate({
      ...request,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (after && p.outputTokens >= after.tokens) act();
      },
    }),
  );
  return { ...result, progress };
}

const harness: NoteHarness = {
  installFixture: async (id) => installIntoStore(await fixtureTransformersModel(id)),
  load: async (id, device) => outcome(async () => client.load({ model: await fixtureTransformersModel(id), device })),
  generate: (request) => generate(request),
  generateAndCancel: (request, afterTokens) => generate(request, { tokens: afterTokens, act: (controller) => controller.abort() }),
  generateAndLoseGpu: (request, afterTokens) =>
    generate(request, { tokens: afterTokens, act: () => void askHarnessWorker(hookedWorker(), { harness: 'lose-gpu' }) }),
  worker: (message) => askHarnessWorker(hookedWorker(), message),
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
  status: () => structuredClone(client.getStatus()),
  dispose: () => client.dispose(),
};

window.escribaNoteHarness = harness;
document.getElementById('ready')?.removeAttribute('hidden');
