/**
 * The speech-to-text benchmark (Node side), run by scripts/bench-stt.mjs through Vite's module
 * loader. Drives test/bench/stt.html in Chromium (see stt-bench-page.ts) over a long consultation
 * built from the fixture speech, with the speech model the app would pick on this computer from
 * the catalogue the bench serves, and prints, each next to the issue's target:
 *
 *  - real-time factor of Escriba's pipeline over a finished recording (stored audio → segments
 *    stored), model load apart;
 *  - its overhead against the plain transformers.js pipeline (`chunk_length_s: 30`) over the same
 *    model, audio and device, measured side by side in the same run, as a ratio;
 *  - a live run through the app's transcription service on a virtual clock (sttLiveRun.ts): what is
 *    still untranscribed when the recording stops, and how long the last segment then takes;
 *  - peak resident memory of all Chromium processes, for half the audio and for all of it
 *    (flat memory means the two peaks are close).
 *
 * With a fixture model (random weights, one scripted sentence per utterance) the figures measure
 * Escriba's plumbing, not Whisper, and the JSON says so; served a real catalogue on a GPU machine
 * (BENCH_STT_MODELS_DIR), the same command measures the real thing.
 */
import { cpus, loadavg } from 'node:os';
import type { DevicePreference } from '../../src/app/modelEntries';
import { BrowserSession } from '../support/chromium';
import { chromiumProcesses } from './chromiumMemory';
import type { LiveRun } from './sttLiveRun';

const SAMPLE_INTERVAL_MS = 200;
const PAGE_READY_TIMEOUT_MS = 120_000;
/** The issue: "a ≥ 10-minute audio file". */
const ISSUE_MINUTES = 10;
/** The issue's targets; memory "flat in audio length" read as: all the audio peaks ≤ 15 % above half of it. */
const TARGETS = { overheadRatio: 1.2, backlogAtStopUtterances: 1, memoryFullOverHalf: 1.15 } as const;

export interface SttBenchOptions {
  devServerUrl: string;
  minutes?: number;
  devicePreference?: DevicePreference;
  modelOverride?: string;
  /** The served catalogue is the repository's fixture one: every model in it is a fixture. */
  fixtureCatalog: boolean;
  log?: (message: string) => void;
}

export async function runSttBench({
  devServerUrl,
  minutes = 11,
  devicePreference = 'auto',
  modelOverride,
  fixtureCatalog,
  log = () => undefined,
}: SttBenchOptions) {
  const session = await BrowserSession.launch({ origin: devServerUrl });
  try {
    const page = session.page;
    page.setDefaultTimeout(0);
    await page.goto(`${devServerUrl}/test/bench/stt.html`);
    // A page whose module failed to load never defines it: fail rather than wait forever.
    await page.waitForFunction(() => window.escribaSttBench !== undefined, undefined, { timeout: PAGE_READY_TIMEOUT_MS });
    const pid = await session.browserPid();
    const prepared = await page.evaluate((o) => window.escribaSttBench!.prepare(o), { minutes, modelOverride, devicePreference });
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
    log('Live recording on a virtual clock…');
    const live = await peakRssWhile(pid, () => page.evaluate(() => window.escribaSttBench!.live()));

    const run = full.value;
    const overheadRatio = round(run.totalMs / plain.value.totalMs, 3);
    const fullOverHalf = round(full.peakBytes / half.peakBytes, 3);
    const target = (max: number, value: number) => ({ max, value, met: value <= max });
    return {
      machine: { cpus: cpus().length, loadAverageBefore: round(loadBefore, 2), loadAverageAfter: round(loadavg()[0]!, 2) },
      model: {
        id: prepared.modelId,
        name: prepared.modelName,
        fixture: fixtureCatalog,
        chosenBy: prepared.chosenBy === 'override' ? 'BENCH_STT_MODEL' : `the app's pick: recommend() on this browser's hardware (tier ${prepared.hardwareTier}), effectiveChoice`,
        catalog: prepared.catalogOrigin === 'local-server' ? 'served at /models/catalog.json' : 'bundled (nothing served)',
        tier: prepared.modelTier,
      },
      device: prepared.device,
      devicePreference,
      ...(fixtureCatalog
        ? { note: 'Fixture model (random weights, scripted output): these figures measure Escriba’s plumbing, not Whisper’s speed or quality.' }
        : {}),
      audioMinutes: round(run.audioSeconds / 60, 2),
      meetsIssueLength: run.audioSeconds >= ISSUE_MINUTES * 60,
      targets: {
        overheadRatio: target(TARGETS.overheadRatio, overheadRatio),
        backlogAtStopUtterances: target(TARGETS.backlogAtStopUtterances, live.value.pendingUtterancesAtStop),
        memoryFullOverHalf: target(TARGETS.memoryFullOverHalf, fullOverHalf),
      },
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
      overheadRatio,
      /** The same without the glossary/previous-text prompt (which the plain pipeline does not send). */
      overheadRatioWithoutPrompt: round(noPrompt.value.totalMs / plain.value.totalMs, 3),
      liveRun: liveFigures(live.value),
      peakRssMB: {
        escribaHalfAudio: mb(half.peakBytes),
        escribaFullAudio: mb(full.peakBytes),
        plainPipeline: mb(plain.peakBytes),
        liveRun: mb(live.peakBytes),
        fullOverHalf,
      },
    };
  } finally {
    await session.close();
  }
}

function liveFigures(live: LiveRun) {
  return {
    method:
      'Escriba’s live path (transcription service, status recording, one FLUSH_INTERVAL_MS chunk appended at a time) on a virtual clock: audio arrives at real-time pace; the clock runs with the real one while Escriba works and jumps only while the transcriber waits for audio it has not got',
    pendingUtterancesAtStop: live.pendingUtterancesAtStop,
    backlogSecondsAtStop: round(live.backlogSecondsAtStop, 2),
    secondsFromStopToLastSegment: round(live.secondsFromStopToLastSegment, 2),
    speechUtterances: live.speechUtterances,
    engineCalls: live.engineCalls,
    segmentsStored: live.segmentsStored,
    engineShareOfRealTime: round(live.engineSeconds / (live.realMs / 1000), 3),
    realSeconds: round(live.realMs / 1000, 1),
    idleSkippedSeconds: round(live.idleSkippedSeconds, 1),
    idleJumps: live.idleJumps,
    loadMs: Math.round(live.loadMs),
    /** How late the stand-in recorder wrote a chunk (virtual ms): the clock's own error. */
    maxChunkLagMs: Math.round(live.maxChunkLagMs),
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
