/**
 * The status one note engine reports, and its listeners. Both engines keep theirs here, so the
 * rules are the same: an error belongs to the `error` phase only, and per-file byte updates (a
 * large file reports every chunk it reads) reach listeners at most every PROGRESS_INTERVAL_MS,
 * except the one that completes a file.
 */
import type { NoteEngineStatus } from './noteEngine';
import { toWireError } from '../../shared/worker/errorCodec';

export const PROGRESS_INTERVAL_MS = 100;

export class NoteStatusKeeper {
  private status: NoteEngineStatus = { phase: 'idle', files: [] };
  private readonly listeners = new Set<(status: NoteEngineStatus) => void>();
  private lastProgressAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(): NoteEngineStatus {
    return this.status;
  }

  subscribe(listener: (status: NoteEngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes some fields, keeping the rest. */
  update(change: Partial<NoteEngineStatus>): void {
    this.emit({ ...this.status, ...change });
  }

  /** Starts over from `status` (a new load, a release). */
  replace(status: NoteEngineStatus): void {
    this.emit(status);
  }

  fail(error: Error): void {
    this.emit({ ...this.status, phase: 'error', error: toWireError(error) });
  }

  fileProgress(file: string, loadedBytes: number, totalBytes: number | null): void {
    const known = this.status.files.some((entry) => entry.file === file);
    const files = known
      ? this.status.files.map((entry) => (entry.file === file ? { file, loadedBytes, totalBytes: totalBytes ?? entry.totalBytes } : entry))
      : [...this.status.files, { file, loadedBytes, totalBytes }];
    const complete = totalBytes !== null && loadedBytes >= totalBytes;
    const now = this.now();
    if (!complete && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) {
      this.status = { ...this.status, files }; // kept, sent with the next update
      return;
    }
    this.lastProgressAt = now;
    this.update({ files });
  }

  private emit(next: NoteEngineStatus): void {
    if (next.phase !== 'error') delete next.error;
    if (next.phase !== 'loading') delete next.progress;
    this.status = next;
    for (const listener of this.listeners) listener(next);
  }
}
