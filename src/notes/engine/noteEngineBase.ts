/**
 * What both note engines (transformers.js, web-llm) do alike: keep the status and its listeners
 * (noteStatus.ts), and run load() and dispose() one at a time, so a new model replaces the old
 * one only once it is released. Each engine supplies how to load and how to release.
 */
import type { NoteEngineStatus, NoteLoadRequest } from './noteEngine';
import { NoteStatusKeeper } from './noteStatus';

export abstract class NoteEngineBase {
  protected readonly status = new NoteStatusKeeper();
  private lifecycle: Promise<unknown> = Promise.resolve();

  load(request: NoteLoadRequest): Promise<NoteEngineStatus> {
    return this.serially(() => this.loadNow(request));
  }

  getStatus(): NoteEngineStatus {
    return this.status.get();
  }

  subscribe(listener: (status: NoteEngineStatus) => void): () => void {
    return this.status.subscribe(listener);
  }

  dispose(): Promise<void> {
    return this.serially(async () => {
      await this.release();
      this.status.replace({ phase: 'idle', files: [] });
    });
  }

  /** Releases whatever is loaded, then loads `request`; resolves when ready, rejects with a named error. */
  protected abstract loadNow(request: NoteLoadRequest): Promise<NoteEngineStatus>;
  /** Releases the loaded model, if any; never throws. */
  protected abstract release(): Promise<void>;

  private serially<T>(job: () => Promise<T>): Promise<T> {
    const run = this.lifecycle.then(job);
    this.lifecycle = run.catch(() => undefined);
    return run;
  }
}
