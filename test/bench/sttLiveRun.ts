/**
 * bench:stt's live run: Escriba's own live path, unchanged (runTranscriptionService with the app's
 * transcriber store, a SpeechClient and its worker), while a stand-in for the recorder writes the
 * consultation as RecordingSession does: one FLUSH_INTERVAL_MS chunk at a time through
 * AudioRepository.append under status 'recording', then 'recorded' at the stop (Recorder.doStop).
 *
 * A virtual clock (virtualClock.ts) keeps a 10-minute recording from taking 10 minutes without
 * flattering it: each chunk arrives when its last sample would have been captured, in virtual
 * time; that time runs with the real clock whenever Escriba works (decoding, reading, segmenting,
 * committing), so a slow decode lets audio pile up as it would live; it jumps ahead only while the
 * transcriber waits for audio, having seen every sample stored. After the stop the clock is real:
 * the time to the last stored segment is what the doctor would wait.
 *
 * Not reproduced: the CPU the capture worklet and recorder would take while Escriba decodes (a
 * few milliseconds per second of audio), and the UI's rendering of each new segment.
 */
import { SAMPLES_PER_FLUSH, floatToInt16 } from '../../src/audio/format';
import { isNearSilent, UtteranceSegmenter, type Utterance } from '../../src/audio/segmenter';
import { runTranscriptionService, type ServiceModel } from '../../src/app/transcriptionService';
import { SpeechClient } from '../../src/speech/speechClient';
import type { TranscribeOptions, Transcription } from '../../src/speech/speechEngine';
import { READ_BLOCK_SAMPLES, type TranscriberStore } from '../../src/speech/transcriber';
import { createTranscriberStore } from '../../src/speech/transcriberStore';
import { AudioRepository } from '../../src/storage/audio';
import { EncounterRepository } from '../../src/storage/encounters';
import { EscribaDatabase } from '../../src/storage/schema';
import { Signal, VirtualClock } from './virtualClock';

const RATE = 16_000;

export interface LiveRun {
  audioSeconds: number;
  loadMs: number;
  /** Real time from the first chunk to the last segment: the virtual run minus the idle time skipped. */
  realMs: number;
  idleJumps: number;
  idleSkippedSeconds: number;
  /** Utterances with speech in the stored audio (the segmenter's cuts; near-silent ones are never sent). */
  speechUtterances: number;
  engineCalls: number;
  engineSeconds: number;
  segmentsStored: number;
  /** Speech utterances not yet transcribed at the stop, the one still being spoken included. */
  pendingUtterancesAtStop: number;
  /** Audio stored but past the transcription cursor at the stop. */
  backlogSecondsAtStop: number;
  secondsFromStopToLastSegment: number;
  /** How late (virtual ms) the stand-in recorder wrote its latest chunk: a check on the clock itself. */
  maxChunkLagMs: number;
}

/** The speech client, timed per call (the service takes any SpeechEngine). */
class TimedSpeechClient extends SpeechClient {
  calls = 0;
  busyMs = 0;
  override async transcribe(audio: Float32Array, options?: TranscribeOptions): Promise<Transcription> {
    const start = performance.now();
    try {
      return await super.transcribe(audio, options);
    } finally {
      this.calls++;
      this.busyMs += performance.now() - start;
    }
  }
}

export async function liveRun(audio: Float32Array, model: ServiceModel): Promise<LiveRun> {
  const database = new EscribaDatabase(`stt-bench-live-${crypto.randomUUID()}`);
  const engine = new TimedSpeechClient();
  const controller = new AbortController();
  let stored = 0;
  let lastSegmentAt = 0;
  /** The stored-samples count the transcriber is waiting past, while it waits for audio. */
  let waitingPast: number | null = null;
  const becameIdle = new Signal();
  const base = createTranscriberStore(database);
  const store: TranscriberStore = {
    ...base,
    async commit(id, result) {
      const segment = await base.commit(id, result);
      if (segment) lastSegmentAt = performance.now();
      return segment;
    },
    async changed(id, since, signal) {
      waitingPast = since.storedSamples;
      becameIdle.fire();
      try {
        await base.changed(id, since, signal);
      } finally {
        waitingPast = null;
      }
    },
  };

  // The service reports the end of a consultation as active(null), and a failure as active(null)
  // then failed(): both end the wait, and the failure is rethrown once the wait is over.
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let failure: { error: unknown } | undefined;
  const rethrow = () => {
    if (failure) throw failure.error;
  };
  let activeId: string | null = null;
  const ready = new Promise<void>((resolve) => {
    const unsubscribe = engine.subscribe((status) => status.phase === 'ready' && (unsubscribe(), resolve()));
  });
  const loadStart = performance.now();
  const service = runTranscriptionService(
    database,
    store,
    engine,
    model,
    {
      active: (id) => (id === null && activeId !== null ? finished() : (activeId = id)),
      failed: (error) => {
        failure = { error };
        finished();
        becameIdle.fire();
      },
    },
    controller.signal,
  );
  await Promise.race([ready, done]);
  rethrow();
  const loadMs = performance.now() - loadStart;

  const encounters = new EncounterRepository(database);
  const audioRepo = new AudioRepository(database);
  const { id } = await encounters.create({ reason: 'Cefalea' });
  await encounters.transition(id, 'recording', 'recording.started');
  const clock = new VirtualClock();
  const realStart = performance.now();
  let maxChunkLagMs = 0;
  for (let from = 0; from < audio.length; from += SAMPLES_PER_FLUSH) {
    const chunk = audio.subarray(from, from + SAMPLES_PER_FLUSH);
    const dueMs = ((from + chunk.length) / RATE) * 1000;
    rethrow();
    // A failed service never waits again: treating it as idle ends the feeding at once.
    await clock.until(dueMs, () => failure !== undefined || waitingPast === stored, () => becameIdle.wait());
    maxChunkLagMs = Math.max(maxChunkLagMs, clock.now() - dueMs);
    await audioRepo.append(id, floatToInt16(chunk));
    stored += chunk.length;
  }
  const atStop = await database.encounters.get(id);
  await encounters.transition(id, 'recorded', 'recording.stopped');
  const stopAt = performance.now();
  await done;
  const realMs = performance.now() - realStart;
  controller.abort();
  await service;
  rethrow();

  const cursorAtStop = atStop?.transcribedSamples ?? 0;
  const speech = (await storedUtterances(audioRepo, id, stored)).filter((u) => !isNearSilent(u));
  const segmentsStored = await database.segments.count();
  await engine.dispose();
  database.close();
  await EscribaDatabase.delete(database.name);
  return {
    audioSeconds: stored / RATE,
    loadMs,
    realMs,
    idleJumps: clock.jumps,
    idleSkippedSeconds: clock.skippedSeconds,
    speechUtterances: speech.length,
    engineCalls: engine.calls,
    engineSeconds: engine.busyMs / 1000,
    segmentsStored,
    pendingUtterancesAtStop: speech.filter((u) => u.endSample > cursorAtStop).length,
    backlogSecondsAtStop: ((atStop?.storedSamples ?? 0) - cursorAtStop) / RATE,
    secondsFromStopToLastSegment: Math.max(0, lastSegmentAt - stopAt) / 1000,
    maxChunkLagMs,
  };
}

/** The utterances the transcriber cut, cut again from the same stored audio (the cuts do not depend on block size). */
async function storedUtterances(audio: AudioRepository, id: string, samples: number): Promise<Utterance[]> {
  const segmenter = new UtteranceSegmenter();
  const out: Utterance[] = [];
  for (let from = 0; from < samples; from += READ_BLOCK_SAMPLES) {
    out.push(...segmenter.push(await audio.readSamples(id, from, READ_BLOCK_SAMPLES), from));
  }
  return [...out, ...segmenter.flush()];
}
