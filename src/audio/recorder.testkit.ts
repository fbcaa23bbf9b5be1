/**
 * Test doubles for the recorder, shared by its test files: a capture that speaks when told, locks
 * in memory, and the real repositories over a fresh in-memory database with a disk that can fill.
 */
import { StorageFullError } from '../shared/errors';
import { AudioRepository } from '../storage/audio';
import { auditTrail } from '../storage/audit';
import { EncounterRepository } from '../storage/encounters';
import { EscribaDatabase } from '../storage/schema';
import type { CaptureEndReason, CaptureSink, CaptureSource } from './captureSource';
import { Recorder, type RecorderDependencies } from './recorder';
import type { RecordingLocks } from './recordingLock';

export const SAMPLES_PER_POST = 1_600;

/** Stands in for microphone + worklet: delivers 100 ms posts of 16 kHz audio when told to. */
export class FakeCapture implements CaptureSource {
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

  unplug(reason: CaptureEndReason = 'ended'): void {
    this.sink?.ended(reason);
  }
}

export class FakeMicrophone {
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

export class MemoryLocks implements RecordingLocks {
  readonly held = new Set<string>();
  async tryAcquire(name: string) {
    if (this.held.has(name)) return null;
    this.held.add(name);
    return () => void this.held.delete(name);
  }
  async isHeld(name: string) {
    return this.held.has(name);
  }
}

/** The real repository, with a disk that can fill up and writes that can be slowed down. */
export class TestAudioRepository extends AudioRepository {
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

/** One fresh database, microphone and set of locks per test. */
export class RecorderBench {
  readonly database = new EscribaDatabase(`recorder-test-${crypto.randomUUID()}`);
  readonly encounters = new EncounterRepository(this.database);
  readonly audio = new TestAudioRepository(this.database);
  readonly microphone = new FakeMicrophone();
  readonly locks = new MemoryLocks();
  readonly hideListeners = new Set<() => void>();

  makeRecorder(overrides: Partial<RecorderDependencies> = {}): Recorder {
    return new Recorder({
      audio: this.audio,
      encounters: this.encounters,
      createCapture: this.microphone.create,
      locks: this.locks,
      pageHideEvents: (onHide) => {
        this.hideListeners.add(onHide);
        return () => this.hideListeners.delete(onHide);
      },
      ...overrides,
    });
  }

  async storedChunkSizes(encounterId: string): Promise<number[]> {
    const sizes: number[] = [];
    for await (const chunk of this.audio.chunks(encounterId)) sizes.push(chunk.sampleCount);
    return sizes;
  }

  async auditActions(encounterId: string): Promise<string[]> {
    return (await auditTrail(this.database, encounterId)).map((entry) => entry.action);
  }

  delete(): Promise<void> {
    return this.database.delete();
  }
}
