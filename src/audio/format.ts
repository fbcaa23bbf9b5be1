/** The one audio format Escriba stores and hands to speech recognition: 16 kHz mono. */
export const AUDIO_SAMPLE_RATE_HZ = 16_000;
/** Stored as signed 16-bit PCM: half the bytes of float32, and Whisper gains nothing from more. */
export const BYTES_PER_SAMPLE = 2;
/** The recorder commits audio to IndexedDB at least this often (crash-safety invariant: ≤ 2 s lost). */
export const FLUSH_INTERVAL_MS = 1_000;
export const SAMPLES_PER_FLUSH = (AUDIO_SAMPLE_RATE_HZ * FLUSH_INTERVAL_MS) / 1000;

/** Milliseconds of 16 kHz audio, rounded: what the timer and the consultation list show. */
export function samplesToMs(samples: number): number {
  return Math.round((samples * 1000) / AUDIO_SAMPLE_RATE_HZ);
}

export function floatToInt16(input: Float32Array, output = new Int16Array(input.length)): Int16Array {
  for (let i = 0; i < input.length; i++) {
    const s = Math.max(-1, Math.min(1, input[i] ?? 0));
    output[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return output;
}

export function int16ToFloat(input: Int16Array, output = new Float32Array(input.length)): Float32Array {
  for (let i = 0; i < input.length; i++) output[i] = (input[i] ?? 0) / 0x8000;
  return output;
}
