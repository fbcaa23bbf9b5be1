/**
 * What this computer offers the models: WebGPU (adapter, features, limits), memory, cores and
 * storage, as a plain `HardwareProfile`. `probeHardware` is the only part that touches the browser;
 * it reads through a `ProbeEnvironment` (the real `navigator` by default, a fake in tests).
 * Everything that interprets a profile is pure: here, and in tiers.ts.
 */

/** Browsers expose no VRAM figure. Integrated GPUs share system RAM, so half of it is the working budget. */
export const GPU_SHARE_OF_DEVICE_MEMORY = 0.5;
/** Some drivers never answer requestAdapter(); after this the probe reports no adapter. */
export const ADAPTER_TIMEOUT_MS = 5_000;
const GIB_BYTES = 1024 ** 3;

export interface GpuProfile {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The browser's software fallback adapter (or a known software rasterizer such as SwiftShader). */
  isFallbackAdapter: boolean;
  /** Adapter features, sorted (e.g. "shader-f16"). */
  features: string[];
  maxBufferSizeBytes: number;
  maxStorageBufferBindingSizeBytes: number;
}

export type GpuUnavailableReason = 'no-webgpu-api' | 'no-adapter' | 'adapter-error';

export interface GpuMemoryEstimate {
  bytes: number;
  /** Where the figure comes from: the device-memory heuristic, or the doctor's own statement in settings. */
  source: 'device-memory' | 'declared';
}

export interface StorageProfile {
  quotaBytes: number;
  usageBytes: number;
  /** Whether the browser promised not to evict Escriba's data; null if it cannot tell. */
  persisted: boolean | null;
}

export interface HardwareProfile {
  gpu: GpuProfile | null;
  gpuUnavailableReason: GpuUnavailableReason | null;
  /** navigator.deviceMemory in bytes: rounded down and capped by the browser (Chrome: at most 8 GiB). */
  deviceMemoryBytes: number | null;
  logicalCores: number | null;
  /** GPU memory the models may use; null when nothing hints at it. */
  gpuMemory: GpuMemoryEstimate | null;
  storage: StorageProfile | null;
}

/** The slice of WebGPU the probe reads (lib.dom has no WebGPU types; these also fit test fakes). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface AdapterLike {
  features: Iterable<string>;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}
export interface ProbeEnvironment {
  gpu?: GpuLike;
  deviceMemory?: number;
  hardwareConcurrency?: number;
  storage?: { estimate(): Promise<{ quota?: number; usage?: number }>; persisted?(): Promise<boolean> };
}

/** Reads the hardware through the browser. Never throws: what cannot be read is null. */
export async function probeHardware(env: ProbeEnvironment = navigator): Promise<HardwareProfile> {
  const [gpuResult, storage] = await Promise.all([probeGpu(env.gpu), probeStorage(env.storage)]);
  const deviceMemoryGiB = positiveOrNull(env.deviceMemory);
  const deviceMemoryBytes = deviceMemoryGiB === null ? null : deviceMemoryGiB * GIB_BYTES;
  return buildProfile({
    gpu: gpuResult.gpu,
    gpuUnavailableReason: gpuResult.reason,
    deviceMemoryBytes,
    logicalCores: positiveOrNull(env.hardwareConcurrency),
    storage,
  });
}

/** Completes raw measurements with the derived GPU memory estimate. */
export function buildProfile(raw: Omit<HardwareProfile, 'gpuMemory'>): HardwareProfile {
  return { ...raw, gpuMemory: estimateGpuMemory(raw.gpu, raw.deviceMemoryBytes) };
}

export function estimateGpuMemory(gpu: GpuProfile | null, deviceMemoryBytes: number | null): GpuMemoryEstimate | null {
  if (gpu === null || deviceMemoryBytes === null) return null;
  return { bytes: Math.floor(deviceMemoryBytes * GPU_SHARE_OF_DEVICE_MEMORY), source: 'device-memory' };
}

/** A profile where the doctor stated the GPU's memory (settings): their figure replaces the heuristic. */
export function withDeclaredGpuMemory(profile: HardwareProfile, bytes: number): HardwareProfile {
  return { ...profile, gpuMemory: { bytes, source: 'declared' } };
}

// Chromium's SwiftShader, Mesa's llvmpipe/lavapipe, Windows' WARP ("Microsoft Basic Render Driver").
const SOFTWARE_RASTERIZERS = /swiftshader|llvmpipe|lavapipe|basic render driver|software/i;

/** A software adapter runs WebGPU on the CPU, far slower than WASM (FACTS.md: ~44× for SwiftShader). */
export function isSoftwareAdapter(gpu: GpuProfile): boolean {
  return gpu.isFallbackAdapter || SOFTWARE_RASTERIZERS.test(`${gpu.vendor} ${gpu.architecture} ${gpu.description}`);
}

/** A GPU worth running models on: WebGPU with a hardware adapter. */
export function hasUsableGpu(profile: HardwareProfile): boolean {
  return profile.gpu !== null && !isSoftwareAdapter(profile.gpu);
}

export function hasFeature(profile: HardwareProfile, feature: string): boolean {
  return profile.gpu?.features.includes(feature) ?? false;
}

async function probeGpu(gpu: GpuLike | undefined): Promise<{ gpu: GpuProfile | null; reason: GpuUnavailableReason | null }> {
  if (!gpu) return { gpu: null, reason: 'no-webgpu-api' };
  let adapter: AdapterLike | null;
  try {
    adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), ADAPTER_TIMEOUT_MS);
  } catch {
    return { gpu: null, reason: 'adapter-error' };
  }
  if (!adapter) return { gpu: null, reason: 'no-adapter' };
  const info = adapter.info ?? {};
  return {
    gpu: {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
      // The spec moved isFallbackAdapter from the adapter to its info; read both.
      isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
      features: [...adapter.features].sort(),
      maxBufferSizeBytes: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSizeBytes: adapter.limits.maxStorageBufferBindingSize,
    },
    reason: null,
  };
}

async function probeStorage(storage: ProbeEnvironment['storage']): Promise<StorageProfile | null> {
  if (!storage) return null;
  try {
    const { quota, usage } = await storage.estimate();
    if (quota === undefined) return null;
    const persisted = storage.persisted ? await storage.persisted().catch(() => null) : null;
    return { quotaBytes: quota, usageBytes: usage ?? 0, persisted };
  } catch {
    return null;
  }
}

function positiveOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
