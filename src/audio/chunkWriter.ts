/**
 * Writes audio chunks to storage one at a time, in order, never dropping one.
 *
 * A failed write (typically a full disk) blocks the writer: the failed chunk and any after it stay
 * in memory, in order, until `retry()` (the doctor freed space and resumed or stopped). Capture is
 * stopped on failure, so what is held is bounded (at most a second or two of audio).
 */

export type WriteChunk = (chunk: Int16Array) => Promise<unknown>;

export class ChunkWriter {
  private readonly pending: Int16Array[] = [];
  private running: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly write: WriteChunk,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** True after a write failed, until a `retry()` succeeds. */
  get blocked(): boolean {
    return this.failure !== null;
  }

  get lastError(): unknown {
    return this.failure?.error;
  }

  /** Samples handed over but not yet stored. */
  get pendingSamples(): number {
    return this.pending.reduce((total, chunk) => total + chunk.length, 0);
  }

  enqueue(chunk: Int16Array): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pump();
  }

  /** Resolves when every chunk is stored, or when the writer is blocked. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Tries the held chunks again; true when everything is stored. */
  async retry(): Promise<boolean> {
    this.failure = null;
    this.pump();
    await this.drained();
    return !this.blocked;
  }

  private pump(): void {
    if (this.running || this.failure || this.pending.length === 0) return;
    this.running = this.drain().then(() => {
      this.running = null;
      // A chunk enqueued between the loop's last check and here would otherwise wait forever.
      this.pump();
    });
  }

  private async drain(): Promise<void> {
    for (let chunk = this.pending[0]; chunk && !this.failure; chunk = this.pending[0]) {
      try {
        await this.write(chunk);
        this.pending.shift();
      } catch (error) {
        this.failure = { error };
        this.onFailure(error);
      }
    }
  }
}
