/**
 * The speech-to-text benchmark (Node side), run by scripts/bench-stt.mjs through Vite's module
 * loader. Drives test/bench/stt.html in Chromium (see stt-bench-page.ts) over a long consultation
 * built from the fixture speech, and prints:
 *
 *  - real-time factor of Escriba's pipeline (stored audio → segments stored), model load apart;
 *  - its overhead against the plain transformers.js pipeline (`chunk_length_s: 30`) over the same
 *    model, audio and device, measured side by side in the same run, as a ratio;
 *  - a simulated live run: each utterance becomes available when the recorder has stored it and
 *    the segmenter has seen its pause, and is transcribed at the pace measured in (a); what is
 *    still untranscribed when the recording stops is the backlog the doctor would wait for;
 *  - peak resident memory of all Chromium processes, for half the audio and for all of it
 *    (flat memory means the two peaks are close).
 *
 * With the fixture model (random weights, one scripted sentence per utterance) the figures
 * measure Escriba's plumbing, not Whisper: on a GPU machine with a real catalogue model the same
 * command measures the real thing.
 */
import { cpus, loadavg } from 'node:os';
import { FLUSH_INTERVAL_MS } from '../../src/audio/format';
import { MIN_PAUSE_MS, PAD_AFTER_MS } from '../../src/audio/segmenter';
import { BrowserSession } from '../support/chromium';
import { chromiumProcesses } from './chromiumMemory';
import type { EscribaRun, UtteranceTiming } from './stt-bench-page';

const RATE = 16_000;
const SAMPLE_INTERVAL_MS = 200;

export interface SttBenchOptions {
  devServerUrl: string;
  minutes?: number;
  device?: 'wasm' | 'webgpu';
  log?: (message: string) => void;
}

export async function runSttBench({ devServerUrl, minutes = 11, device = 'wasm', log = () => undefined }: SttBenchOptions) {
  const session = await BrowserSession.launch({ origin: devServerUrl });
  try {
    const page = session.page;
    page.setDefaultTimeout(0);
    await page.goto(`${devServerUrl}/test/bench/stt.html?device=${device}`);
    await page.waitForFunction(() => window.escribaSttBench !== undefined);
    const pid = await session.browserPid();
    const prepared = await page.evaluate((m) => window.escribaSttBench!.prepare(m), minutes);
    log(`Audio: ${(prepared.audioSeconds / 60).toFixed(1)} min; model ${prepared.modelId} on ${prepared.device}`);
    const loadBefore = loadavg()[0]!;

    log('Escriba, half the audio…');
    const half = await peakRssWhile(pid, () => page.evaluate((s) => window.escribaSttBench!.escriba(s), prepared.audioSeconds / 2));
    log('Escriba, all the audio…');
    const full = await peakRssWhile(pid, () => page.evaluate((s) => window.escribaSttBench!.escriba(s), prepared.audioSeconds));
    log('Escriba, all the audio, without the Whisper prompt…');
    const noPrompt = await peakRssWhile(pid, () =>
      page.evaluate((s) => window.escribaSttBench!.escriba(s, { prompt: false }), prepared.audioSeconds),
    );
    log('Plain transformers.js pipeline, chunk_length_s 30…');
    const plain = await peakRssWhile(pid, () => page.evaluate(() => window.escribaSttBench!.plain()));

    const run = full.value;
    const live = simulateLive(run);
    return {
      machine: { cpus: cpus().length, loadAverageBefore: round(loadBefore, 2), loadAverageAfter: round(loadavg()[0]!, 2) },
      model: prepared.modelId,
      device: prepared.device,
      note: 'Fixture model (random weights, scripted output): measures Escriba’s plumbing, not Whisper.',
      audioMinutes: round(run.audioSeconds / 60, 2),
      escriba: {
        loadMs: Math.round(run.loadMs),
        totalMs: Math.round(run.totalMs),
        realTimeFactor: round(run.totalMs / 1000 / run.audioSeconds, 4),
        utterances: run.utterances.length,
        sentToEngine: run.utterances.filter((u) => u.engineMs > 0).length,
        segmentsStored: run.segments,
        engineShareOfTime: round(sum(run.utterances.map((u) => u.engineMs)) / run.totalMs, 3),
      },
      plainPipeline: {
        loadMs: Math.round(plain.value.loadMs),
        totalMs: Math.round(plain.value.totalMs),
        realTimeFactor: round(plain.value.totalMs / 1000 / run.audioSeconds, 4),
      },
      overheadRatio: round(run.totalMs / plain.value.totalMs, 3),
      /** The same without the glossary/previous-text prompt (which the plain pipeline does not send). */
      overheadRatioWithoutPrompt: round(noPrompt.value.totalMs / plain.value.totalMs, 3),
      simulatedLive: live,
      peakRssMB: {
        escribaHalfAudio: mb(half.peakBytes),
        escribaFullAudio: mb(full.peakBytes),
        plainPipeline: mb(plain.peakBytes),
        fullOverHalf: round(full.peakBytes / half.peakBytes, 3),
      },
    };
  } finally {
    await session.close();
  }
}

/**
 * Replays the measured pace as if the audio were being recorded: utterance i can start once the
 * recorder stored it (≤ one flush) and the segmenter saw its pause, and once utterance i-1 is done.
 * Its cost is the wall time between consecutive commits in the run (reads, segmenter, engine, commit).
 */
function simulateLive(run: EscribaRun) {
  const stopAt = run.audioSeconds;
  const cutDelay = (MIN_PAUSE_MS - PAD_AFTER_MS + FLUSH_INTERVAL_MS) / 1000;
  let free = 0;
  let previousDone = 0;
  const finished: { u: UtteranceTiming; at: number }[] = [];
  for (const u of run.utterances) {
    const cost = (u.doneAtMs - previousDone) / 1000;
    previousDone = u.doneAtMs;
    const ready = Math.min(u.endSample / RATE + cutDelay, stopAt);
    free = Math.max(ready, free) + cost;
    finished.push({ u, at: free });
  }
  const pending = finished.filter((f) => f.at > stopAt);
  return {
    pendingUtterancesAtStop: pending.length,
    backlogSecondsAtStop: round(sum(pending.map((f) => (f.u.endSample - f.u.startSample) / RATE)), 2),
    secondsFromStopToLastSegment: round(Math.max(0, free - stopAt), 2),
  };
}

async function peakRssWhile<T>(browserPid: number, work: () => Promise<T>): Promise<{ value: T; peakBytes: number }> {
  let peakBytes = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peakBytes = Math.max(peakBytes, sum(chromiumProcesses(browserPid).map((p) => p.rssBytes)));
      await new Promise((r) => setTimeout(r, SAMPLE_INTERVAL_MS));
    }
  })();
  try {
    return { value: await work(), peakBytes };
  } finally {
    running = false;
    await sampler;
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
function mb(bytes: number): number {
  return Math.round(bytes / 1e6);
}
