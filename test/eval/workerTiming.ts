/**
 * What the eval measures inside the page without touching the app: an init script wraps the page's
 * `Worker` so that, for Escriba's speech worker ("escriba-speech") and note worker
 * ("escriba-notes"), each `load`, `transcribe` and `generate` request is timed from the moment the
 * page posts it to the moment its `result` or `error` comes back (the worker runtime pairs them by
 * id: src/shared/worker/protocol.ts). A transcribe request carries its audio in its params, so its
 * length is known; a generate result carries the engine's own token counts and
 * timings. The log lives on `window` under a registered symbol and is empty after every reload.
 */
import type { Page } from 'playwright-core';

export interface WorkerCall {
  worker: 'speech' | 'notes';
  type: 'load' | 'transcribe' | 'generate';
  /** performance.now() in the page. */
  sentAt: number;
  doneAt: number | null;
  ok: boolean | null;
  /** transcribe: 16 kHz samples sent. */
  samples?: number;
  /** generate: as the engine reports them. */
  promptTokens?: number;
  outputTokens?: number;
  timeToFirstTokenMs?: number;
  totalMs?: number;
  /** generate: the model's answer, as the engine returned it (before the app validates it). */
  text?: string;
}

const LOG_KEY = 'escriba.eval.workerCalls';

/** Runs in the page before the app's scripts (BrowserSession `initScripts`). */
export const WORKER_TIMING_SCRIPT = `(() => {
  const calls = [];
  Object.defineProperty(window, Symbol.for(${JSON.stringify(LOG_KEY)}), { value: calls });
  const Native = window.Worker;
  if (!Native) return;
  const WORKERS = { 'escriba-speech': 'speech', 'escriba-notes': 'notes' };
  const TIMED = new Set(['load', 'transcribe', 'generate']);
  class TimedWorker extends Native {
    constructor(url, options) {
      super(url, options);
      const worker = WORKERS[options && options.name];
      if (!worker) return;
      const pending = new Map();
      this.addEventListener('message', (event) => {
        const data = event.data;
        if (!data || typeof data.id !== 'number' || (data.type !== 'result' && data.type !== 'error')) return;
        const call = pending.get(data.id);
        if (!call) return;
        pending.delete(data.id);
        call.doneAt = performance.now();
        call.ok = data.type === 'result';
        const generated = data.type === 'result' && call.type === 'generate' && data.result ? data.result : null;
        if (generated) {
          call.promptTokens = generated.promptTokens;
          call.outputTokens = generated.outputTokens;
          call.timeToFirstTokenMs = generated.timeToFirstTokenMs;
          call.totalMs = generated.totalMs;
          call.text = typeof generated.text === 'string' ? generated.text : undefined;
        }
      });
      const post = Native.prototype.postMessage;
      this.postMessage = function (message, transfer) {
        if (message && typeof message.id === 'number' && TIMED.has(message.type)) {
          const call = { worker, type: message.type, sentAt: performance.now(), doneAt: null, ok: null };
          if (message.type === 'transcribe' && message.params && message.params.audio) call.samples = message.params.audio.length;
          pending.set(message.id, call);
          calls.push(call);
        }
        return post.call(this, message, transfer);
      };
    }
  }
  window.Worker = TimedWorker;
})();`;

/** The calls logged since the page last loaded. */
export function readWorkerCalls(page: Page): Promise<WorkerCall[]> {
  return page.evaluate((key) => {
    const calls = (window as unknown as Record<symbol, WorkerCall[] | undefined>)[Symbol.for(key)];
    return calls ? calls.map((c) => ({ ...c })) : [];
  }, LOG_KEY);
}

/** performance.now() in the page, to mark where a case's calls start. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

export interface WorkerTimings {
  speechEngineSeconds: number | null;
  speechAudioSeconds: number | null;
  noteModelLoadSeconds: number | null;
  outputTokens: number | null;
  /** Output tokens over decoding time (time to first token excluded), across the generate calls. */
  tokensPerSecond: number | null;
  /** The model's answers (the app asks again once after an invalid one, and once per block of a long visit). */
  answers: string[];
}

/** Sums the calls made since `since` (page time). */
export function summarizeWorkerCalls(calls: readonly WorkerCall[], since = 0): WorkerTimings {
  const done = calls.filter((c) => c.sentAt >= since && c.doneAt !== null);
  const seconds = (c: WorkerCall) => ((c.doneAt ?? c.sentAt) - c.sentAt) / 1000;
  const transcribe = done.filter((c) => c.worker === 'speech' && c.type === 'transcribe');
  const noteLoads = done.filter((c) => c.worker === 'notes' && c.type === 'load');
  const generated = done.filter((c) => c.worker === 'notes' && c.type === 'generate' && c.outputTokens !== undefined);
  const outputTokens = generated.reduce((n, c) => n + (c.outputTokens ?? 0), 0);
  const decodingMs = generated.reduce((n, c) => n + Math.max(0, (c.totalMs ?? 0) - (c.timeToFirstTokenMs ?? 0)), 0);
  return {
    speechEngineSeconds: transcribe.length > 0 ? transcribe.reduce((n, c) => n + seconds(c), 0) : null,
    speechAudioSeconds: transcribe.length > 0 ? transcribe.reduce((n, c) => n + (c.samples ?? 0), 0) / 16_000 : null,
    noteModelLoadSeconds: noteLoads.length > 0 ? noteLoads.reduce((n, c) => n + seconds(c), 0) : null,
    outputTokens: generated.length > 0 ? outputTokens : null,
    tokensPerSecond: generated.length > 0 && decodingMs > 0 ? outputTokens / (decodingMs / 1000) : null,
    answers: done.filter((c) => c.worker === 'notes' && c.type === 'generate').map((c) => c.text ?? ''),
  };
}
