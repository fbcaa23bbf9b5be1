/**
 * The app's one audio import at a time, as the screens see it: a view (phase, file, percentage, or
 * the error to explain) to subscribe to, and start / cancel / dismiss. It outlives the screen that
 * started it: an import goes on while the doctor opens another consultation, and its progress is
 * there again on returning to the list.
 */
import type { ImportOptions, ImportProgress, ImportResult } from './importAudio';

export type ImportView =
  | { phase: 'idle' }
  | { phase: 'reading'; fileName: string }
  | { phase: 'storing'; fileName: string; percent: number }
  | { phase: 'cancelling'; fileName: string }
  | { phase: 'failed'; fileName: string; error: unknown };

export type RunImport = (file: File, options: ImportOptions) => Promise<ImportResult>;

export class ImportSession {
  private view: ImportView = { phase: 'idle' };
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | null = null;

  constructor(private readonly run: RunImport) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getView = (): ImportView => this.view;

  get busy(): boolean {
    return this.controller !== null;
  }

  /**
   * Imports `file`; resolves to its result, or `undefined` when it failed (the view then holds the
   * error) or another import is running (one at a time: the button is disabled meanwhile).
   */
  async start(file: File): Promise<ImportResult | undefined> {
    if (this.controller) return undefined;
    const controller = new AbortController();
    this.controller = controller;
    const fileName = file.name;
    this.set({ phase: 'reading', fileName });
    try {
      const result = await this.run(file, { signal: controller.signal, onProgress: (p) => this.progress(fileName, p) });
      this.set({ phase: 'idle' });
      return result;
    } catch (error) {
      this.set({ phase: 'failed', fileName, error });
      return undefined;
    } finally {
      this.controller = null;
    }
  }

  readonly cancel = (): void => {
    const view = this.view;
    if (!this.controller || view.phase === 'idle' || view.phase === 'failed') return;
    this.controller.abort();
    this.set({ phase: 'cancelling', fileName: view.fileName });
  };

  /** Clears a failure once the doctor has read it. */
  readonly dismiss = (): void => {
    if (this.view.phase === 'failed') this.set({ phase: 'idle' });
  };

  private progress(fileName: string, progress: ImportProgress): void {
    if (this.controller?.signal.aborted) return; // "Cancelando…" stays until the discard is done
    if (progress.phase === 'reading') return this.set({ phase: 'reading', fileName });
    const percent = Math.floor(progress.fraction * 100);
    // Listeners (React renders) run once per percent, not once per stored second.
    if (this.view.phase === 'storing' && this.view.percent === percent) return;
    this.set({ phase: 'storing', fileName, percent });
  }

  private set(view: ImportView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}
