/**
 * The transformers.js note engine, inside the note worker: a causal LM from the catalogue, loaded
 * by id from Escriba's model store (never the network), on WebGPU or WASM with the catalogue's
 * dtypes for that device, warmed up before "ready", generating under the note grammar with
 * streamed progress, cancellable. This is the engine the tests run end to end (fixture models);
 * web-llm is the other one (webLlmNoteEngine.ts).
 *
 * It keeps the status and turns failures into named errors; loading and decoding live in
 * transformersNoteRuntime.ts.
 */
import { env, type DeviceType } from '@huggingface/transformers';
import { variantFiles, variantFor } from '../../model-manager/catalog';
import type { ModelStore } from '../../model-manager/store';
import { useModelStore } from '../../model-manager/transformersStore';
import {
  NoteDeviceUnsupportedError,
  NoteGenerationCancelledError,
  NoteGenerationError,
  NoteLoadError,
  NoteModelMissingError,
  NoteNotReadyError,
} from '../../shared/errors';
import { browserAdapterFeatures, type AdapterFeatures } from './gpuAdapter';
import type { NoteDevice, NoteEngine, NoteEngineStatus, NoteGenerationRequest, NoteGenerationResult, NoteLoadRequest } from './noteEngine';
import { NoteStatusKeeper } from './noteStatus';
import { disposeNoteRuntime, generateNote, loadNoteRuntime, warmUp, type NoteRuntime } from './transformersNoteRuntime';
import { loadXGrammar, type XGrammar } from './xgrammar';

export interface TransformersNoteEngineOptions {
  store: ModelStore;
  /** Where the grammar engine comes from (Node tests load it their own way). */
  xgrammar?: () => Promise<XGrammar>;
  adapterFeatures?: AdapterFeatures;
  /** The transformers.js device for each of Escriba's; Node tests run both on 'cpu'. */
  runtimeDevice?: (device: NoteDevice) => DeviceType;
}

export class TransformersNoteEngine implements NoteEngine {
  private readonly status = new NoteStatusKeeper();
  private runtime: NoteRuntime | undefined;
  /** load() and dispose() one at a time: a new model replaces the old one only once it is released. */
  private lifecycle: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TransformersNoteEngineOptions) {
    // Every model file comes from the store; ORT's own files are the worker's business (note.worker.ts).
    useModelStore(env, options.store);
  }

  load(request: NoteLoadRequest): Promise<NoteEngineStatus> {
    const run = this.lifecycle.then(() => this.loadNow(request));
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  async generate(request: NoteGenerationRequest): Promise<NoteGenerationResult> {
    const { signal } = request;
    if (signal?.aborted) throw cancelled();
    const runtime = this.runtime;
    if (!runtime || this.status.get().phase !== 'ready') {
      throw new NoteNotReadyError(this.status.get().phase === 'generating' ? 'Ya se está generando una nota' : 'No hay un modelo de notas listo');
    }
    this.status.update({ phase: 'generating' });
    try {
      const result = await generateNote(runtime, {
        messages: request.messages,
        jsonSchema: request.jsonSchema,
        maxTokens: request.maxTokens,
        signal,
        onProgress: request.onProgress,
      });
      if (result.cancelled) throw cancelled();
      const { text, promptTokens, outputTokens, timeToFirstTokenMs, totalMs } = result;
      return { text, promptTokens, outputTokens, timeToFirstTokenMs, totalMs };
    } catch (error) {
      if (error instanceof NoteGenerationCancelledError) throw error;
      throw new NoteGenerationError('No se pudo generar la nota', { cause: error });
    } finally {
      // A dispose() or load() during generation has moved the phase on already.
      if (this.runtime === runtime && this.status.get().phase === 'generating') this.status.update({ phase: 'ready' });
    }
  }

  getStatus(): NoteEngineStatus {
    return this.status.get();
  }

  subscribe(listener: (status: NoteEngineStatus) => void): () => void {
    return this.status.subscribe(listener);
  }

  dispose(): Promise<void> {
    const run = this.lifecycle.then(async () => {
      await this.release();
      this.status.replace({ phase: 'idle', files: [] });
    });
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  private async loadNow({ model, device }: NoteLoadRequest): Promise<NoteEngineStatus> {
    await this.release();
    this.status.replace({ phase: 'loading', modelId: model.id, device, files: [] });
    try {
      if (model.engine !== 'transformers.js' || model.task !== 'llm') {
        throw new NoteLoadError(`${model.id} no es un modelo de lenguaje para transformers.js`);
      }
      const features = device === 'webgpu' ? await (this.options.adapterFeatures ?? browserAdapterFeatures)() : [];
      if (!features) throw new NoteDeviceUnsupportedError('Este navegador no ofrece WebGPU');
      const variant = variantFor(model, device, { features });
      if (!variant) throw new NoteDeviceUnsupportedError(`${model.name} no tiene una variante para ${device} en este equipo`);
      const files = variantFiles(model, variant);
      const missing: string[] = [];
      for (const file of files) if (!(await this.options.store.has(`${model.id}/${file.path}`))) missing.push(file.path);
      if (missing.length > 0) throw new NoteModelMissingError(`Faltan archivos de ${model.name}: ${missing.join(', ')}`);
      this.status.update({ files: files.map((file) => ({ file: file.path, loadedBytes: 0, totalBytes: file.bytes })) });
      const xgrammar = await (this.options.xgrammar ?? loadXGrammar)();
      const runtime = await loadNoteRuntime(
        model.id,
        {
          device: (this.options.runtimeDevice ?? ((d) => d))(device),
          dtype: variant.dtype,
          progress_callback: (info) => {
            if (info.status === 'progress') this.status.fileProgress(info.file, info.loaded, info.total);
          },
        },
        xgrammar,
      );
      this.runtime = runtime;
      this.status.update({ phase: 'warming' });
      await warmUp(runtime);
      this.status.update({ phase: 'ready' });
      return this.status.get();
    } catch (error) {
      await this.release();
      const named = error instanceof NoteLoadError ? error : new NoteLoadError('No se pudo cargar el modelo de notas', { cause: error });
      this.status.fail(named);
      throw named;
    }
  }

  private async release(): Promise<void> {
    const runtime = this.runtime;
    this.runtime = undefined;
    // A runtime that failed mid-way may not release cleanly; it is dropped either way.
    if (runtime) await disposeNoteRuntime(runtime).catch(() => undefined);
  }
}

function cancelled(): NoteGenerationCancelledError {
  return new NoteGenerationCancelledError('Generación de la nota cancelada');
}
