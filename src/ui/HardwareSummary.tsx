import type { HardwareProfile } from '../model-manager/hardware';
import type { Recommendation } from '../model-manager/tiers';
import { formatBytes } from './format';

const GPU_UNAVAILABLE: Record<NonNullable<HardwareProfile['gpuUnavailableReason']>, string> = {
  'no-webgpu-api': 'este navegador no ofrece WebGPU',
  'no-adapter': 'el navegador no encontró una GPU que pueda usar',
  'adapter-error': 'la GPU no respondió',
};

export function HardwareSummary({ profile, recommendation }: { profile: HardwareProfile; recommendation: Recommendation }) {
  const gpu = profile.gpu;
  return (
    <section className="card" aria-labelledby="hardware-title">
      <h2 id="hardware-title">Esta computadora</h2>
      <p>{recommendation.summary}</p>
      <dl className="facts">
        <dt>GPU</dt>
        <dd>
          {gpu
            ? `${gpu.description || gpu.vendor || 'GPU sin nombre'}${gpu.isFallbackAdapter ? ' (por software: no sirve para modelos)' : ''}${gpu.features.includes('shader-f16') ? ', con shader-f16' : ''}`
            : `Sin GPU utilizable: ${GPU_UNAVAILABLE[profile.gpuUnavailableReason ?? 'no-adapter']}`}
        </dd>
        <dt>Memoria</dt>
        {/* navigator.deviceMemory is in GiB, rounded down and capped at 8 by Chrome: say it that way. */}
        <dd>{profile.deviceMemoryBytes ? `al menos ${Math.round(profile.deviceMemoryBytes / 2 ** 30)} GB` : 'desconocida'}</dd>
        <dt>Espacio libre para Escriba</dt>
        <dd>{profile.storage ? formatBytes(Math.max(0, profile.storage.quotaBytes - profile.storage.usageBytes)) : 'desconocido'}</dd>
      </dl>
    </section>
  );
}
