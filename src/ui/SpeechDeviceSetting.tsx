import { devicePreference, type DevicePreference } from '../app/modelEntries';

const OPTIONS: { value: DevicePreference; label: string }[] = [
  { value: 'auto', label: 'Automático (recomendado)' },
  { value: 'webgpu', label: 'Tarjeta gráfica (WebGPU)' },
  { value: 'wasm', label: 'Procesador (sin tarjeta gráfica)' },
];

/** Where speech recognition runs: the doctor can force the processor if the GPU misbehaves. */
export function SpeechDeviceSetting({
  value,
  gpuAvailable,
  onChange,
}: {
  value: DevicePreference;
  gpuAvailable: boolean;
  onChange: (device: DevicePreference) => void;
}) {
  return (
    <section className="card" aria-labelledby="speech-device-title">
      <h2 id="speech-device-title">Dónde se transcribe</h2>
      <label className="device-setting">
        <span>Procesamiento de la voz</span>
        <select value={value} onChange={(event) => onChange(devicePreference(event.target.value))}>
          {OPTIONS.map((option) => (
            <option key={option.value} value={option.value} disabled={option.value === 'webgpu' && !gpuAvailable}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">
        Con «Automático», Escriba usa la tarjeta gráfica si es adecuada y, si no, el procesador. Cambiarlo puede requerir
        descargar otra versión del modelo.
      </p>
    </section>
  );
}
