import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MicrophoneDeniedError,
  MicrophoneDisconnectedError,
  RecordingElsewhereError,
  StorageFullError,
  microphoneError,
} from '../shared/errors';
import type { EncounterRepository } from '../storage/encounters';
import type { EscribaDatabase } from '../storage/schema';
import { SAMPLES_PER_FLUSH } from './format';
import { RecorderBusyError, type RecorderDependencies, type RecorderState } from './recorder';
import { FakeMicrophone, MemoryLocks, RecorderBench, TestAudioRepository } from './recorder.testkit';
import { recordingLockName } from './recordingLock';

let bench: RecorderBench;
let database: EscribaDatabase;
let encounters: EncounterRepository;
let audio: TestAudioRepository;
let microphone: FakeMicrophone;
let locks: MemoryLocks;
let hideListeners: Set<() => void>;
const makeRecorder = (overrides?: Partial<RecorderDependencies>) => bench.makeRecorder(overrides);
const storedChunkSizes = (encounterId: string) => bench.storedChunkSizes(encounterId);
const auditActions = (encounterId: string) => bench.auditActions(encounterId);

beforeEach(() => {
  bench = new RecorderBench();
  ({ database, encounters, audio, microphone, locks, hideListeners } = bench);
});

afterEach(async () => {
  await bench.delete();
});

describe('Recorder', () => {
  it('stores a one-second chunk per second of audio while recording', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    const phases: string[] = [];
    recorder.subscribe((state) => phases.push(state.phase));
    await recorder.start(id);
    expect(recorder.getState()).toMatchObject({ phase: 'recording', encounterId: id });
    expect(phases).toContain('starting');
    expect((await encounters.get(id))?.status).toBe('recording');
    expect(locks.held.has(recordingLockName(id))).toBe(true);

    microphone.current.speak(3.5);
    await recorder.settled();
    expect(await storedChunkSizes(id)).toEqual([SAMPLES_PER_FLUSH, SAMPLES_PER_FLUSH, SAMPLES_PER_FLUSH]);
    expect(recorder.getState()).toMatchObject({ phase: 'recording' });
    expect(recorder.getLevels()).toEqual({ elapsedMs: 3500, level: 0.25 });
  });

  it('stores the partial second on pause and stop, and resumes into the same consultation', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    microphone.current.speak(1.2);
    microphone.current.holdTail(800);
    await recorder.pause();
    expect(await storedChunkSizes(id)).toEqual([16_000, 3_200 + 800]);
    expect(microphone.current.stopped).toBe(true); // the microphone is released while paused
    expect(recorder.getState()).toMatchObject({ phase: 'paused' });
    expect(recorder.getLevels()).toEqual({ level: 0, elapsedMs: 1250 });
    expect((await encounters.get(id))?.status).toBe('paused');

    await recorder.resume();
    expect(microphone.captures).toHaveLength(2);
    expect((await encounters.get(id))?.status).toBe('recording');
    microphone.current.speak(0.5);
    await recorder.stop();
    expect(await storedChunkSizes(id)).toEqual([16_000, 4_000, 8_000]);
    const encounter = await encounters.get(id);
    expect(encounter).toMatchObject({ status: 'recorded', storedSamples: 28_000 });
    expect(recorder.getState()).toMatchObject({ phase: 'stopped' });
    expect(recorder.getLevels().elapsedMs).toBe(1750);
    expect(locks.held.size).toBe(0);
    expect(await auditActions(id)).toEqual([
      'encounter.created',
      'recording.started',
      'recording.paused',
      'recording.resumed',
      'recording.stopped',
    ]);
  });

  it('continues an interrupted consultation: elapsed time counts the audio already stored', async () => {
    const { id } = await encounters.create();
    await audio.append(id, new Int16Array(32_000));
    await encounters.setStatus(id, 'interrupted');
    const recorder = makeRecorder();
    await recorder.start(id);
    expect(recorder.getState()).toMatchObject({ phase: 'recording' });
    expect(recorder.getLevels().elapsedMs).toBe(2000);
    microphone.current.speak(0.5);
    expect(recorder.getLevels().elapsedMs).toBe(2500);
    await recorder.stop();
    const stored: { seq: number; startSample: number }[] = [];
    for await (const chunk of audio.chunks(id)) stored.push({ seq: chunk.seq, startSample: chunk.startSample });
    expect(stored).toEqual([
      { seq: 0, startSample: 0 },
      { seq: 1, startSample: 32_000 },
    ]);
    expect((await encounters.get(id))?.storedSamples).toBe(40_000);
  });

  it('serialises writes and keeps their order when storage is slow', async () => {
    audio.writeDelayMs = 5;
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    microphone.current.speak(6.3);
    await recorder.stop();
    expect(audio.maxInFlight).toBe(1);
    const starts: number[] = [];
    for await (const chunk of audio.chunks(id)) starts.push(chunk.startSample);
    expect(starts).toEqual([0, 1, 2, 3, 4, 5, 6].map((s) => s * 16_000));
    expect((await encounters.get(id))?.storedSamples).toBe(6.3 * 16_000);
  });

  it('on a full disk stops capture, keeps what is stored, pauses, and loses nothing on resume', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    const capture = microphone.current;
    const sink = capture.sink!;
    capture.speak(2);
    await recorder.settled();
    audio.diskFull = true;
    capture.speak(1.5);
    await recorder.settled();

    const state = recorder.getState();
    expect(state.phase).toBe('paused');
    expect(state.error).toBeInstanceOf(StorageFullError);
    expect(recorder.getLevels()).toEqual({ level: 0, elapsedMs: 3500 });
    expect(capture.stopped).toBe(true);
    expect((await encounters.get(id))).toMatchObject({ status: 'paused', storedSamples: 32_000 });
    const appendsAtFailure = audio.appendCalls;
    sink.audio(new Float32Array(16_000 * 3), 1); // a late post from the stopped capture
    await recorder.settled();
    expect(audio.appendCalls).toBe(appendsAtFailure);

    // Still full: resume fails again and stays paused, holding the audio.
    await recorder.resume();
    expect(recorder.getState()).toMatchObject({ phase: 'paused' });
    expect(recorder.getState().error).toBeInstanceOf(StorageFullError);
    expect(microphone.captures).toHaveLength(1);

    audio.diskFull = false;
    await recorder.resume();
    expect(recorder.getState().phase).toBe('recording');
    expect(recorder.getState().error).toBeUndefined();
    expect((await encounters.get(id))?.storedSamples).toBe(3.5 * 16_000);
    microphone.current.speak(1);
    await recorder.stop();
    expect((await encounters.get(id))).toMatchObject({ status: 'recorded', storedSamples: 4.5 * 16_000 });
  });

  it('stays paused with the audio held when the disk is still full at stop', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    audio.diskFull = true;
    microphone.current.speak(0.5);
    await recorder.stop();
    expect(recorder.getState().phase).toBe('paused');
    expect(recorder.getState().error).toBeInstanceOf(StorageFullError);
    expect(locks.held.size).toBe(1);
    audio.diskFull = false;
    await recorder.stop();
    expect(recorder.getState().phase).toBe('stopped');
    expect((await encounters.get(id))).toMatchObject({ status: 'recorded', storedSamples: 8_000 });
  });

  it('pauses with the audio stored when the microphone goes away, and resumes with a new one', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    microphone.current.speak(1.2);
    microphone.current.holdTail(500);
    microphone.current.unplug();
    await recorder.settled();
    expect(recorder.getState().phase).toBe('paused');
    expect(recorder.getState().error).toBeInstanceOf(MicrophoneDisconnectedError);
    expect((await encounters.get(id))).toMatchObject({ status: 'paused', storedSamples: 19_200 + 500 });
    expect(await auditActions(id)).toContain('recording.failed');

    await recorder.resume();
    expect(microphone.captures).toHaveLength(2);
    expect(recorder.getState()).toMatchObject({ phase: 'recording' });
    expect(recorder.getState().error).toBeUndefined();
  });

  it('reports a denied microphone without touching the consultation', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    microphone.nextStartError = microphoneError(new DOMException('denied', 'NotAllowedError'));
    await recorder.start(id);
    expect(recorder.getState().phase).toBe('idle');
    expect(recorder.getState().error).toBeInstanceOf(MicrophoneDeniedError);
    expect((await encounters.get(id))?.status).toBe('new');
    expect(locks.held.size).toBe(0);

    await recorder.start(id);
    expect(recorder.getState().phase).toBe('recording');
  });

  it('refuses to record a consultation another recorder holds', async () => {
    const { id } = await encounters.create();
    const first = makeRecorder();
    const second = makeRecorder();
    await first.start(id);
    await second.start(id);
    expect(second.getState().phase).toBe('idle');
    expect(second.getState().error).toBeInstanceOf(RecordingElsewhereError);
    await first.stop();
    await second.start(id);
    expect(second.getState().phase).toBe('recording');
  });

  it('stores the partial second when the page is hidden, and keeps recording', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    microphone.current.speak(0.3);
    for (const onHide of hideListeners) onHide();
    await recorder.settled();
    expect(await storedChunkSizes(id)).toEqual([4_800]);
    expect(recorder.getState().phase).toBe('recording');
    await recorder.stop();
    expect(hideListeners.size).toBe(0);
  });

  it('on dispose stores the audio and leaves the consultation paused, to be continued', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    microphone.current.speak(0.7);
    await recorder.dispose();
    expect((await encounters.get(id))).toMatchObject({ status: 'paused', storedSamples: 11_200 });
    expect(locks.held.size).toBe(0);
    expect(microphone.current.stopped).toBe(true);
    expect(recorder.getState().phase).toBe('idle');
    // StrictMode's cleanup-then-rerun: the same recorder is used again.
    await recorder.start(id);
    expect(recorder.getState()).toMatchObject({ phase: 'recording' });
    expect(recorder.getLevels().elapsedMs).toBe(700);
  });

  it('ignores repeated commands and emits a fresh state object on each change', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    const states: RecorderState[] = [];
    recorder.subscribe((state) => states.push(state));
    await Promise.all([recorder.start(id), recorder.start(id)]);
    await Promise.all([recorder.pause(), recorder.pause()]);
    await recorder.stop();
    await recorder.stop();
    expect(microphone.captures).toHaveLength(1);
    expect(states.map((s) => s.phase)).toEqual(['starting', 'recording', 'paused', 'stopped']);
    expect(new Set(states).size).toBe(states.length);
  });

  it('changes only the levels, not the state, for each audio post', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(id);
    const states: RecorderState[] = [];
    const levels: number[] = [];
    recorder.subscribe((state) => states.push(state));
    recorder.subscribeLevels((value) => levels.push(value.elapsedMs));
    const stateBefore = recorder.getState();
    microphone.current.speak(1);
    await recorder.settled();
    expect(states).toEqual([]);
    expect(recorder.getState()).toBe(stateBefore);
    expect(levels).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100));
    // Bound once: React can pass them to useSyncExternalStore without resubscribing each render.
    expect(recorder.subscribe).toBe(recorder.subscribe);
    expect(recorder.getLevels).toBe(recorder.getLevels);
  });

  it('keeps status and audit log together: a failed audit write leaves the stored status as it was', async () => {
    const { id } = await encounters.create();
    const recorder = makeRecorder();
    const failingAdd = vi.spyOn(database.auditLog, 'add').mockRejectedValue(new Error('audit write failed'));
    await recorder.start(id);
    failingAdd.mockRestore();
    expect(recorder.getState().phase).toBe('idle');
    expect(recorder.getState().error).toBeDefined();
    expect((await encounters.get(id))?.status).toBe('new');
    expect(locks.held.size).toBe(0);
    expect(microphone.current.stopped).toBe(true);
  });

  it('refuses, with a named rejection, to start a second consultation while holding one', async () => {
    const first = await encounters.create();
    const second = await encounters.create();
    const recorder = makeRecorder();
    await recorder.start(first.id);
    await expect(recorder.start(second.id)).rejects.toBeInstanceOf(RecorderBusyError);
    expect(recorder.getState()).toMatchObject({ phase: 'recording', encounterId: first.id });
    expect(microphone.captures).toHaveLength(1);
    expect((await encounters.get(second.id))?.status).toBe('new');
  });
});
