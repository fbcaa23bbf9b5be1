/**
 * The GPUDevice a model (speech or note) runs on, created by Escriba rather than by ONNX Runtime.
 *
 * Why own it: ORT's WebGPU backend (onnxruntime-web 1.31, as read in its source: `webgpuInit`,
 * `webgpuRegisterDevice`) makes one default device, id 0, on first use and keeps its context for
 * the life of the worker, so after that device is lost new sessions would be put on it again. A
 * device passed in the session options (`executionProviders: [{ name: 'webgpu', device }]`) is
 * registered under a new id: a reload gets a working GPU (the e2e spec destroys a device and
 * reloads on the next one). Owning it also gives the engine its `lost` promise and lets
 * `dispose()` free GPU memory at once. ORT's default device is reachable as
 * `env.backends.onnx.webgpu.device` once a session used it; Escriba's sessions never do.
 *
 * The device asks for what ORT's WebGPU backend asks for when it makes its own
 * (onnxruntime/core/providers/webgpu/webgpu_context.cc, GetRequiredLimits and
 * GetAvailableRequiredFeatures): the adapter's compute and buffer limits, and the features its
 * kernels use where the adapter has them (f16 shaders, subgroups…). Default limits would cap
 * storage buffers at 128 MiB, too small for real Whisper weights.
 */

/** The part of a GPUDevice the engine uses (the project's DOM lib has no WebGPU types). */
export interface GpuDeviceLike {
  /** Feature names (GPUSupportedFeatures is a set of strings); variants may require some. */
  readonly features: Iterable<string>;
  readonly lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

const LOST_POLL_MS = 50;

/**
 * For a failed GPU call: is `device` lost, or reported lost within `graceMs`? A GPU read can fail
 * before the device's `lost` promise settles (measured in Chromium), so a failure is judged only
 * after a short wait. Polls a flag instead of racing `lost`, which would leave a reaction per call
 * on a promise that stays pending for the session's whole life. Never lost without a device (WASM).
 */
export function lostWithin(device: GpuDeviceLike | undefined): (graceMs: number) => Promise<boolean> {
  let lost = false;
  void device?.lost.then(() => (lost = true));
  return async (graceMs) => {
    for (const end = Date.now() + graceMs; device && !lost && Date.now() < end; ) {
      await new Promise((resolve) => setTimeout(resolve, LOST_POLL_MS));
    }
    return lost;
  };
}

/** Where WebGPU sessions get their device; a harness can wrap it to reach the device. */
export interface GpuDeviceSource {
  requestDevice(): Promise<GpuDeviceLike>;
}

export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

const ORT_FEATURES = [
  'chromium-experimental-timestamp-query-inside-passes',
  'chromium-experimental-subgroup-matrix',
  'timestamp-query',
  'shader-f16',
  'subgroups',
  'subgroup-size-control',
];
const ORT_LIMITS = [
  'maxBindGroups',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
];

interface AdapterLike {
  readonly features: { has(feature: string): boolean };
  readonly limits: object;
  requestDevice(descriptor: { requiredFeatures: string[]; requiredLimits: Record<string, number> }): Promise<unknown>;
}

interface GpuLike {
  requestAdapter(options: { powerPreference: 'high-performance' }): Promise<unknown>;
}

function isGpu(value: unknown): value is GpuLike {
  return typeof value === 'object' && value !== null && 'requestAdapter' in value && typeof value.requestAdapter === 'function';
}

function isAdapter(value: unknown): value is AdapterLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'requestDevice' in value &&
    typeof value.requestDevice === 'function' &&
    'features' in value &&
    'limits' in value
  );
}

function isDevice(value: unknown): value is GpuDeviceLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'lost' in value &&
    value.lost instanceof Promise &&
    'destroy' in value &&
    'features' in value &&
    typeof value.features === 'object' &&
    value.features !== null &&
    Symbol.iterator in value.features
  );
}

/** The browser's WebGPU, in a page or a worker. */
export const browserGpu: GpuDeviceSource = {
  async requestDevice() {
    const gpu: unknown = typeof navigator === 'undefined' ? undefined : Reflect.get(navigator, 'gpu');
    if (!isGpu(gpu)) throw new WebGpuUnavailableError('This browser has no WebGPU');
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!isAdapter(adapter)) throw new WebGpuUnavailableError('No WebGPU adapter');
    const requiredLimits: Record<string, number> = {};
    for (const name of ORT_LIMITS) {
      // GPUSupportedLimits exposes its values as prototype getters: read them one by one.
      const value: unknown = Reflect.get(adapter.limits, name);
      if (typeof value === 'number') requiredLimits[name] = value;
    }
    const requiredFeatures = ORT_FEATURES.filter((feature) => adapter.features.has(feature));
    const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
    if (!isDevice(device)) throw new WebGpuUnavailableError('The adapter gave no device');
    return device;
  },
};
