import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MicrophoneDeniedError,
  MicrophoneDisconnectedError,
  RecordingElsewhereError,
  StorageFullError,
  microphoneError,
} from '../shared/errors';
import { AudioRepository } from '../storage/audio';
import { appendAudit, auditTrail } from '../storage/audit';
import { EncounterRepository } from '../storage/encounters';
import { EscribaDatabase } from '../storage/schema';
import type { CaptureSink, CaptureSource } from './captureSource';
import { SAMPLES_PER_FLUSH } from './format';
import { Recorder, type RecorderDependencies, type RecorderState } from './recorder';
import { type RecordingLocks, recordingLockName } from './recordingLock';

const SAMPLES_PER_POST = 1_600;

/** Stands in for microphone + worklet: delivers 100 ms posts of 16 kHz audio when told to. */
class FakeCapture implements CaptureSource {
  sink: CaptureSink | null = null;
  stopped = false;
  /** Audio "inside the worklet": delivered only by flush(). */
  private tail: Float32Array | null = null;

  constructor(private readonly startError?: unknown) {}

  async start(sink: CaptureSink): Promise<void> {
    if (this.startError) throw this.startError;
    this.sink = sink;
  }

  async flush(): Promise<void> {
    if (this.tail) this.sink?.audio(this.tail, 0.1);
    this.tail = null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sink = null;
  }

  speak(seconds: number, value = 0.25): void {
    for (let sent = 0; sent < seconds * 16_000; sent += SAMPLES_PER_POST) {
      this.sink?.audio(new Float32Array(SAMPLES_PER_POST).fill(value), value);
    }
  }

  holdTail(samples: number): void {
    this.tail = new Float32Array(samples).fill(0.1);
  }

  unplug(): void {
    this.sink?.ended();
  }
}

class FakeMicrophone {
  readonly captures: FakeCapture[] = [];
  nextStartError: unknown;

  readonly create = (): FakeCapture => {
    const capture = new FakeCapture(this.nextStartError);
    this.nextStartError = undefined;
    this.captures.push(capture);
    return capture;
  };

  get current(): FakeCapture {
    return this.captures[this.captures.length - 1]!;
  }
}

class MemoryLocks implements RecordingLocks {
  readonly held = new Set<string>();
  async tryAcquire(name: string) {
    if (this.held.has(name)) return null;
    this.held.add(name);
    return () => void this.held.delete(name);
  }
}

/** The real repository, with a disk that can fill up and writes that can be slowed down. */
class TestAudioRepository extends AudioRepository {
  diskFull = false;
  writeDelayMs = 0;
  appendCalls = 0;
  inFlight = 0;
  maxInFlight = 0;

  override async append(encounterId: string, pcm: Int16Array) {
    this.appendCalls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.writeDelayMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * this.writeDelayMs));
      if (this.diskFull) throw new StorageFullError('Sin espacio de almacenamiento');
      return await super.append(encounterId, pcm);
    } finally {
      this.inFlight--;
    }
  }
}

let database: EscribaDatabase;
let encounters: EncounterRepository;
let audio: TestAudioRepository;
let microphone: FakeMicrophone;
let locks: MemoryLocks;
let hideListeners: Set<() => void>;

function makeRecorder(): Recorder {
  const deps: RecorderDependencies = {
    audio,
    encounters,
    audit: (action, encounterId, detail) => appendAudit(database, action, encounterId, detail),
    createCapture: microphone.create,
    locks,
    pageHideEvents: (onHide) => {
      hideListeners.add(onHide);
      return () => hideListeners.delete(onHide);
    },
  };
  return new Recorder(deps);
}

async function storedChunkSizes(encounterId: string): Promise<number[]> {
  const sizes: number[] = [];
  for await (const chunk of audio.chunks(encounterId)) sizes.push(chunk.sampleCount);
  return sizes;
}

async function auditActions(encounterId: string): Promise<string[]> {
  return (await auditTrail(database, encounterId)).map((entry) => entry.action);
}

beforeEach(() => {
  database = new EscribaDatabase(`recorder-test-${crypto.randomUUID()}`);
  encounters = new EncounterRepository(database);
  audio = new TestAudioRepository(database);
  microphone = new FakeMicrophone();
  locks = new MemoryLocks();
  hideListeners = new Set();
});

afterEach(async () => {
  await database.delete();
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
    expect(recorder.getState()).toMatchObject({ phase: 'recording', elapsedMs: 3500, level: 0.25 });
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
    expect(recorder.getState()).toMatchObject({ phase: 'paused', level: 0, elapsedMs: 1250 });
    expect((await encounters.get(id))?.status).toBe('paused');

    await recorder.resume();
    expect(microphone.captures).toHaveLength(2);
    expect((await encounters.get(id))?.status).toBe('recording');
    microphone.current.speak(0.5);
    await recorder.stop();
    expect(await storedChunkSizes(id)).toEqual([16_000, 4_000, 8_000]);
    const encounter = await encounters.get(id);
    expect(encounter).toMatchObject({ status: 'recorded', storedSamples: 28_000 });
    expect(recorder.getState()).toMatchObject({ phase: 'stopped', elapsedMs: 1750 });
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
    expect(recorder.getState()).toMatchObject({ phase: 'recording', elapsedMs: 2000 });
    microphone.current.speak(0.5);
    expect(recorder.getState().elapsedMs).toBe(2500);
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
    expect(state.elapsedMs).toBe(3500);
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
    expect(recorder.getState()).toMatchObject({ phase: 'recording', elapsedMs: 700 });
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
    expect(states.map((s) => s.phase)).toEqual(['starting', 'starting', 'recording', 'paused', 'stopped']);
    expect(new Set(states).size).toBe(states.length);
    const other = await encounters.create();
    await recorder.start(other.id);
    expect(() => recorder.start(id)).toThrow(/busy/);
  });
});
