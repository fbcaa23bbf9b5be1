/**
 * The one NoteEngine the note worker serves: it hands each load to the engine the catalogue entry
 * names (`engine: 'transformers.js' | 'web-llm'`), creating it on first use (each pulls in its own
 * large library, so only the one in use is loaded) and releasing the other, so one model at a
 * time holds memory. Listeners see the status of whichever engine is current.
 */
import type { Engine } from '../../model-manager/catalogSchema';
import { NoteLoadError, NoteNotReadyError } from '../../shared/errors';
import { toWireError } from '../../shared/worker/errorCodec';
import type { NoteEngine, NoteEngineStatus, NoteGenerationRequest, NoteGenerationResult, NoteLoadRequest } from './noteEngine';

export type NoteEngineFactories = Record<Engine, () => Promise<NoteEngine>>;

export class EngineSwitch implements NoteEngine {
  private readonly engines = new Map<Engine, Promise<NoteEngine>>();
  private current: { kind: Engine; engine: NoteEngine; unsubscribe: () => void } | undefined;
  private status: NoteEngineStatus = { phase: 'idle', files: [] };
  private readonly listeners = new Set<(status: NoteEngineStatus) => void>();
  private lifecycle: Promise<unknown> = Promise.resolve();

  constructor(private readonly factories: NoteEngineFactories) {}

  load(request: NoteLoadRequest): Promise<NoteEngineStatus> {
    const run = this.lifecycle.then(async () => {
      const kind = request.model.engine;
      if (this.current && this.current.kind !== kind) await this.releaseCurrent();
      if (!this.current) {
        const engine = await this.engine(kind).catch((cause: unknown) => {
          const error = new NoteLoadError(`No se pudo iniciar el motor de notas (${kind})`, { cause });
          this.setStatus({ phase: 'error', modelId: request.model.id, files: [], error: toWireError(error) });
          throw error;
        });
        const unsubscribe = engine.subscribe((status) => this.setStatus(status));
        this.current = { kind, engine, unsubscribe };
      }
      return this.current.engine.load(request);
    });
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  generate(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    if (!this.current) return Promise.reject(new NoteNotReadyError('No hay un modelo de notas cargado'));
    return this.current.engine.generate(request);
  }

  getStatus(): NoteEngineStatus {
    return this.status;
  }

  subscribe(listener: (status: NoteEngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): Promise<void> {
    const run = this.lifecycle.then(() => this.releaseCurrent());
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  private engine(kind: Engine): Promise<NoteEngine> {
    let engine = this.engines.get(kind);
    if (!engine) {
      engine = this.factories[kind]();
      this.engines.set(kind, engine);
      // A factory that failed (its chunk missing offline) may work next time.
      engine.catch(() => this.engines.delete(kind));
    }
    return engine;
  }

  private async releaseCurrent(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    await current.engine.dispose();
    current.unsubscribe();
    this.setStatus({ phase: 'idle', files: [] });
  }

  private setStatus(status: NoteEngineStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}
