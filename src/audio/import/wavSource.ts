/**
 * A PCM WAV file as an AudioSource: a second of frames at a time is read from the file (a Blob
 * slice, so only that second is in memory), downmixed, and resampled to 16 kHz by the same
 * streaming resampler the microphone path uses, whose blockwise output equals a one-shot pass.
 */
import { AUDIO_SAMPLE_RATE_HZ } from '../format';
import { StreamingResampler } from '../resampler';
import { samplesAt16k, type AudioSource } from './audioSource';
import { framesToMono, type WavLayout } from './wav';

/** Input read per step: one second of the file's own frames. */
const READ_SECONDS = 1;

export function wavSource(file: Blob, layout: WavLayout): AudioSource {
  const frames = layout.dataBytes / layout.blockAlign;
  return {
    totalSamples: samplesAt16k(frames, layout.sampleRateHz),
    async *blocks() {
      const resampler = layout.sampleRateHz === AUDIO_SAMPLE_RATE_HZ ? null : new StreamingResampler(layout.sampleRateHz);
      const stepBytes = Math.max(1, Math.round(layout.sampleRateHz * READ_SECONDS)) * layout.blockAlign;
      const end = layout.dataOffset + layout.dataBytes;
      for (let offset = layout.dataOffset; offset < end; offset += stepBytes) {
        const bytes = new Uint8Array(await file.slice(offset, Math.min(end, offset + stepBytes)).arrayBuffer());
        const mono = framesToMono(bytes, layout);
        yield resampler ? resampler.process(mono) : mono;
      }
      if (resampler) yield resampler.flush();
    },
  };
}

/** Reads a byte range of a Blob, for `readWavLayout`. */
export function blobReader(file: Blob): (offset: number, length: number) => Promise<Uint8Array> {
  return async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
}
