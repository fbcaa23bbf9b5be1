/**
 * The sample path of one recording, from `start` to `stop`: capture → one-second int16 chunks →
 * serialised storage writes. It counts what it accepted, so elapsed time is exact, and it gates
 * the capture so that once told to halt, no sample from a stale source gets in.
 */
import { ChunkAccumulator } from './chunkAccumulator';
import { ChunkWriter, type WriteChunk } from './chunkWriter';
import type { CaptureEndReason, CaptureSource, CaptureSourceFactory } from './captureSource';

export interface SessionEvents {
  audio(peak: number): void;
  /** The current capture stopped delivering audio by itself. */
  captureEnded(reason: CaptureEndReason): void;
  /** A storage write failed; capture has already been halted. */
  writeFailed(error: unknown): void;
}

export class RecordingSession {
  readonly writer: ChunkWriter;
  private readonly accumulator: ChunkAccumulator;
  private capture: CaptureSource | null = null;
  /** Bumped whenever capture is halted; a sink from an older generation is ignored. */
  private generation = 0;
  private acceptedSamples = 0;

  constructor(
    readonly encounterId: string,
    /** Samples already stored for the consultation when this recording began. */
    private readonly baseSamples: number,
    write: WriteChunk,
    private readonly events: SessionEvents,
  ) {
    this.writer = new ChunkWriter(write, (error) => {
      this.halt();
      events.writeFailed(error);
    });
    this.accumulator = new ChunkAccumulator((chunk) => this.writer.enqueue(chunk));
  }

  /** All audio of the consultation: stored before, plus everything this session accepted. */
  get totalSamples(): number {
    return this.baseSamples + this.acceptedSamples;
  }

  async startCapture(createCapture: CaptureSourceFactory): Promise<void> {
    const generation = ++this.generation;
    const capture = createCapture();
    this.capture = capture;
    const current = () => generation === this.generation;
    try {
      await capture.start({
        audio: (samples, peak) => {
          if (!current()) return;
          this.accumulator.push(samples);
          this.acceptedSamples += samples.length;
          this.events.audio(peak);
        },
        ended: (reason) => {
          if (current()) this.events.captureEnded(reason);
        },
      });
    } catch (error) {
      if (this.capture === capture) this.capture = null;
      throw error;
    }
  }

  /**
   * Stops the capture. With `keepTail`, the samples still inside the capture (the worklet holds
   * up to 100 ms) are taken first; either way what is buffered goes to the writer.
   */
  async stopCapture(keepTail: boolean): Promise<void> {
    const capture = this.capture;
    this.capture = null;
    if (capture && keepTail) await capture.flush();
    this.halt();
    this.accumulator.flush();
    await capture?.stop();
  }

  /** Writes what is buffered now (the page may be about to go away); capture continues. */
  flushBuffered(): void {
    this.accumulator.flush();
  }

  /** Resolves when every accepted sample is stored, or the writer is blocked by a failure. */
  drained(): Promise<void> {
    return this.writer.drained();
  }

  private halt(): void {
    this.generation++;
  }
}
