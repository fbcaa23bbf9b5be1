/**
 * One note LLM loaded on one device, as the GPU recovery (shared/gpuRecovery.ts) opens, replaces
 * and closes it: the transformers.js note engine's sessions.
 *
 * On WebGPU the session runs on a GPUDevice of its own (shared/gpuDevice.ts explains why: after
 * ONNX Runtime's default device is lost, it would put every new session on it again), so a reload
 * after a loss gets a working GPU, and the device's `lost` promise tells the recovery when to act.
 */
import type { DeviceType } from '@huggingface/transformers';
import { variantFiles, variantFor } from '../../model-manager/catalog';
import type { CatalogModel } from '../../model-manager/catalogSchema';
import type { ModelStore } from '../../model-manager/store';
import { NoteDeviceUnsupportedError, NoteLoadError, NoteModelMissingError } from '../../shared/errors';
import { lostWithin, type GpuDeviceLike, type GpuDeviceSource } from '../../shared/gpuDevice';
import type { RecoverableSession, SessionOpener } from '../../shared/gpuRecovery';
import type { NoteDevice, NoteFileProgress } from './noteEngine';
import { disposeNoteRuntime, loadNoteRuntime, warmUp, type NoteRuntime } from './transformersNoteRuntime';
import type { XGrammar } from './xgrammar';

export interface NoteSession extends RecoverableSession {
  readonly runtime: NoteRuntime;
  readonly gpuDevice: GpuDeviceLike | undefined;
  /**
   * Aborts when the session is closed: a generation the recovery gave up on (its GPU was lost)
   * must stop decoding on a released model rather than run on beside its replacement.
   */
  readonly closing: AbortSignal;
  /**
   * Whether the session's GPU device is lost, or is within `graceMs` (always false on WASM): a
   * failed GPU read often reaches the caller before the device's `lost` promise settles.
   */
  lostWithin(graceMs: number): Promise<boolean>;
}

/** What the engine shows while a session opens (first load and every reload). */
export interface NoteOpenReport {
  loading(device: NoteDevice, files: NoteFileProgress[]): void;
  fileProgress(file: string, loadedBytes: number, totalBytes: number | null): void;
  warming(): void;
}

export interface NoteSessionDeps {
  store: ModelStore;
  gpu: GpuDeviceSource;
  xgrammar: () => Promise<XGrammar>;
  /** The transformers.js device for each of Escriba's; Node tests run both on 'cpu'. */
  runtimeDevice: (device: NoteDevice) => DeviceType;
}

const NEVER = new Promise<never>(() => undefined);

export class NoteSessionOpener implements SessionOpener<NoteSession> {
  private readonly closers = new WeakMap<NoteRuntime, AbortController>();

  constructor(
    private readonly model: CatalogModel,
    private readonly deps: NoteSessionDeps,
    private readonly report: NoteOpenReport,
  ) {}

  async open(device: NoteDevice): Promise<NoteSession> {
    const { model, deps } = this;
    let gpuDevice: GpuDeviceLike | undefined;
    let runtime: NoteRuntime | undefined;
    try {
      if (model.engine !== 'transformers.js' || model.task !== 'llm') {
        throw new NoteLoadError(`${model.id} no es un modelo de lenguaje para transformers.js`);
      }
      if (device === 'webgpu') gpuDevice = await deps.gpu.requestDevice();
      // The device's features, not the adapter's: a build needing shader-f16 must get it here.
      const variant = variantFor(model, device, { features: gpuDevice ? [...gpuDevice.features] : [] });
      if (!variant) throw new NoteDeviceUnsupportedError(`${model.name} no tiene una variante para ${device} en este equipo`);
      const files = variantFiles(model, variant);
      const missing: string[] = [];
      for (const file of files) if (!(await deps.store.has(`${model.id}/${file.path}`))) missing.push(file.path);
      if (missing.length > 0) throw new NoteModelMissingError(`Faltan archivos de ${model.name}: ${missing.join(', ')}`);
      this.report.loading(
        device,
        files.map((file) => ({ file: file.path, loadedBytes: 0, totalBytes: file.bytes })),
      );
      const xgrammar = await deps.xgrammar();
      const runtimeDevice = deps.runtimeDevice(device);
      runtime = await loadNoteRuntime(
        model.id,
        {
          device: runtimeDevice,
          dtype: variant.dtype,
          ...(gpuDevice && runtimeDevice === 'webgpu' ? { session_options: { executionProviders: [{ name: 'webgpu', device: gpuDevice }] } } : {}),
          progress_callback: (info) => {
            if (info.status === 'progress') this.report.fileProgress(info.file, info.loaded, info.total);
          },
        },
        xgrammar,
      );
      this.report.warming();
      await warmUp(runtime);
      const closing = new AbortController();
      this.closers.set(runtime, closing);
      return {
        device,
        runtime,
        gpuDevice,
        lost: gpuDevice ? gpuDevice.lost : NEVER,
        closing: closing.signal,
        lostWithin: lostWithin(gpuDevice),
      };
    } catch (error) {
      if (runtime) await disposeNoteRuntime(runtime).catch(() => undefined);
      gpuDevice?.destroy();
      throw error;
    }
  }

  async close(session: NoteSession): Promise<void> {
    this.closers.get(session.runtime)?.abort();
    // A lost device can make releasing its buffers fail; the device goes either way.
    await disposeNoteRuntime(session.runtime).catch(() => undefined);
    session.gpuDevice?.destroy();
  }
}
