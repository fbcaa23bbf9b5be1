import { describe, expect, it } from 'vitest';
import {
  ADAPTER_TIMEOUT_MS,
  hasUsableGpu,
  isSoftwareAdapter,
  probeHardware,
  withDeclaredGpuMemory,
  type AdapterLike,
  type ProbeEnvironment,
} from './hardware';

const GIB = 1024 ** 3;

function adapter(overrides: Partial<AdapterLike> = {}): AdapterLike {
  return {
    features: new Set(['timestamp-query', 'shader-f16']),
    limits: { maxBufferSize: 4 * GIB, maxStorageBufferBindingSize: 2 * GIB - 4 },
    info: { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA GeForce RTX 3060' },
    ...overrides,
  };
}

function env(overrides: Partial<ProbeEnvironment> = {}): ProbeEnvironment {
  return {
    gpu: { requestAdapter: async () => adapter() },
    deviceMemory: 8,
    hardwareConcurrency: 12,
    storage: { estimate: async () => ({ quota: 100e9, usage: 1e9 }), persisted: async () => true },
    ...overrides,
  };
}

describe('probeHardware', () => {
  it('reads adapter info, sorted features, limits, memory, cores and storage into a plain profile', async () => {
    const profile = await probeHardware(env());
    expect(profile).toEqual({
      gpu: {
        vendor: 'nvidia',
        architecture: 'ampere',
        device: '',
        description: 'NVIDIA GeForce RTX 3060',
        isFallbackAdapter: false,
        features: ['shader-f16', 'timestamp-query'],
        maxBufferSizeBytes: 4 * GIB,
        maxStorageBufferBindingSizeBytes: 2 * GIB - 4,
      },
      gpuUnavailableReason: null,
      deviceMemoryBytes: 8 * GIB,
      logicalCores: 12,
      gpuMemory: { bytes: 4 * GIB, source: 'device-memory' },
      storage: { quotaBytes: 100e9, usageBytes: 1e9, persisted: true },
    });
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile); // plain data: storable, sendable to a worker
    expect(hasUsableGpu(profile)).toBe(true);
  });

  it('says why there is no GPU: no WebGPU API, no adapter, or an adapter request that fails', async () => {
    expect((await probeHardware(env({ gpu: undefined }))).gpuUnavailableReason).toBe('no-webgpu-api');
    expect((await probeHardware(env({ gpu: { requestAdapter: async () => null } }))).gpuUnavailableReason).toBe('no-adapter');
    const failing = await probeHardware(env({ gpu: { requestAdapter: () => Promise.reject(new Error('lost')) } }));
    expect(failing.gpu).toBeNull();
    expect(failing.gpuUnavailableReason).toBe('adapter-error');
    expect(failing.gpuMemory).toBeNull();
  });

  it('gives up on an adapter request that never answers', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      const pending = probeHardware(env({ gpu: { requestAdapter: () => new Promise(() => {}) } }));
      await vi.advanceTimersByTimeAsync(ADAPTER_TIMEOUT_MS);
      expect((await pending).gpuUnavailableReason).toBe('no-adapter');
    } finally {
      vi.useRealTimers();
    }
  });

  it('recognises a software adapter (SwiftShader, or the fallback flag on the adapter or its info)', async () => {
    const swiftshader = await probeHardware(
      env({
        gpu: {
          requestAdapter: async () =>
            adapter({
              features: new Set(['timestamp-query']),
              limits: { maxBufferSize: 2 * GIB, maxStorageBufferBindingSize: GIB },
              info: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device (Subzero)' },
            }),
        },
      }),
    );
    expect(swiftshader.gpu && isSoftwareAdapter(swiftshader.gpu)).toBe(true);
    expect(hasUsableGpu(swiftshader)).toBe(false);
    const flagged = await probeHardware(env({ gpu: { requestAdapter: async () => adapter({ isFallbackAdapter: true }) } }));
    expect(flagged.gpu?.isFallbackAdapter).toBe(true);
  });

  it('leaves out what the browser does not offer', async () => {
    const bare = await probeHardware({});
    expect(bare).toEqual({
      gpu: null,
      gpuUnavailableReason: 'no-webgpu-api',
      deviceMemoryBytes: null,
      logicalCores: null,
      gpuMemory: null,
      storage: null,
    });
    const noPersist = await probeHardware(env({ storage: { estimate: async () => ({ quota: 5e9 }) } }));
    expect(noPersist.storage).toEqual({ quotaBytes: 5e9, usageBytes: 0, persisted: null });
  });

  it('lets the doctor state the GPU memory, replacing the estimate', async () => {
    const declared = withDeclaredGpuMemory(await probeHardware(env()), 12 * GIB);
    expect(declared.gpuMemory).toEqual({ bytes: 12 * GIB, source: 'declared' });
  });
});
