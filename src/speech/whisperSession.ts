/**
 * Opens the catalogue's Whisper model on one device, as a session the GPU recovery policy can
 * replace: checks the variant's files are in the model store, makes a fresh GPUDevice for WebGPU,
 * loads the model with the variant's dtypes (per-file bytes reported while reading), and warms it
 * up with one short decode. The first WebGPU decode compiles every shader (24–33 s for the fixture
 * on SwiftShader, against 5–9 s later), so "ready" means the first utterance will not wait for it.
 */
import { variantFiles, variantFor } from '../model-manager/catalog';
import type { TransformersJsModel, TransformersJsVariant } from '../model-manager/catalogSchema';
import type { ModelStore } from '../model-manager/store';
import { SpeechLoadError, SpeechModelMissingError } from '../shared/errors';
import type { RecoverableSession, SessionOpener } from '../shared/gpuRecovery';
import { lostWithin, type GpuDeviceLike, type GpuDeviceSource } from '../shared/gpuDevice';
import type { SpeechDevice, SpeechFileProgress } from './speechEngine';
import { SPEECH_SAMPLE_RATE } from './speechEngine';
import { decode, disposeWhisper, loadWhisper, type DecodeOptions, type WhisperRuntime } from './whisperRuntime';

/** Warm-up input: 1 s of silence, decoded for a few steps (first step and cached steps both run). */
const WARMUP_SAMPLES = SPEECH_SAMPLE_RATE;
const WARMUP_NEW_TOKENS = 4;

export interface WhisperSession extends RecoverableSession {
  decode(audio: Float32Array, options: Omit<DecodeOptions, 'maxNewTokens'>): Promise<string>;
  /** Is this session's GPU device lost, or reported lost within `graceMs` (shared/gpuDevice.ts)? */
  lostWithin(graceMs: number): Promise<boolean>;
}

export interface OpenReport {
  /** Loading starts on `device`; `files` are the variant's files, none read yet. */
  loading(device: SpeechDevice, files: SpeechFileProgress[]): void;
  fileProgress(file: string, loadedBytes: number, totalBytes: number | null): void;
  warming(): void;
}

interface OpenedSession extends WhisperSession {
  readonly runtime: WhisperRuntime;
  readonly gpuDevice: GpuDeviceLike | undefined;
}

const NEVER = new Promise<never>(() => undefined);

/**
 * The variant to load on `device`: the catalogue's for that device when its files are installed.
 * On WASM, a GPU variant whose files are installed will do instead (ONNX Runtime's CPU provider
 * runs its fp32/q8/q4 graphs too, only slower than the q8 build): a doctor who downloaded only the
 * GPU build must still be able to fall back to the processor when the GPU is lost.
 */
export async function installedVariant(
  model: TransformersJsModel,
  device: SpeechDevice,
  features: readonly string[],
  has: (path: string) => Promise<boolean>,
): Promise<TransformersJsVariant> {
  const preferred = variantFor(model, device, { features: [...features] });
  if (!preferred && device === 'webgpu') throw new SpeechLoadError(`${model.id} has no variant for ${device} on this hardware`);
  const candidates = [preferred, ...(device === 'wasm' ? model.variants.filter((v) => v !== preferred) : [])];
  let firstMissing: string[] | undefined;
  for (const variant of candidates) {
    if (!variant) continue;
    const missing = [];
    for (const file of variantFiles(model, variant)) if (!(await has(file.path))) missing.push(file.path);
    if (missing.length === 0) return variant;
    firstMissing ??= missing;
  }
  throw new SpeechModelMissingError(`${model.id} (${device}) is not fully installed; missing: ${(firstMissing ?? []).join(', ')}`);
}

export class WhisperSessionOpener implements SessionOpener<OpenedSession> {
  constructor(
    private readonly model: TransformersJsModel,
    private readonly store: ModelStore,
    private readonly gpu: GpuDeviceSource,
    private readonly report: OpenReport,
  ) {}

  async open(device: SpeechDevice): Promise<OpenedSession> {
    const { model } = this;
    // Checked after the device exists for WebGPU: a variant may need adapter features.
    let gpuDevice: GpuDeviceLike | undefined;
    let runtime: WhisperRuntime | undefined;
    try {
      if (device === 'webgpu') gpuDevice = await this.gpu.requestDevice();
      const variant = await installedVariant(model, device, gpuDevice ? [...gpuDevice.features] : [], (path) =>
        this.store.has(`${model.id}/${path}`),
      );
      const files = variantFiles(model, variant);
      this.report.loading(
        device,
        files.map((file) => ({ file: file.path, loadedBytes: 0, totalBytes: file.bytes })),
      );
      runtime = await loadWhisper(model.id, {
        device,
        dtype: variant.dtype,
        ...(gpuDevice ? { session_options: { executionProviders: [{ name: 'webgpu', device: gpuDevice }] } } : {}),
        progress_callback: (info) => {
          if (info.status === 'progress') this.report.fileProgress(info.file, info.loaded, info.total);
        },
      });
      this.report.warming();
      await decode(runtime, new Float32Array(WARMUP_SAMPLES), { maxNewTokens: WARMUP_NEW_TOKENS });
      return session(device, runtime, gpuDevice);
    } catch (error) {
      if (runtime) await disposeWhisper(runtime).catch(() => undefined);
      gpuDevice?.destroy();
      throw error;
    }
  }

  async close(session: OpenedSession): Promise<void> {
    // A lost device can make releasing its buffers fail; the device goes either way.
    await disposeWhisper(session.runtime).catch(() => undefined);
    session.gpuDevice?.destroy();
  }
}

function session(device: SpeechDevice, runtime: WhisperRuntime, gpuDevice: GpuDeviceLike | undefined): OpenedSession {
  return {
    device,
    runtime,
    gpuDevice,
    lost: gpuDevice ? gpuDevice.lost : NEVER,
    decode: (audio, options) => decode(runtime, audio, options),
    lostWithin: lostWithin(gpuDevice),
  };
}
