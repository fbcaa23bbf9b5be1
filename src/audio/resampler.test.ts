import { describe, expect, it } from 'vitest';
import { AUDIO_SAMPLE_RATE_HZ } from './format';
import { StreamingResampler, resampleTo16k } from './resampler';

function sine(frequencyHz: number, rateHz: number, seconds: number, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(rateHz * seconds));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / rateHz);
  return samples;
}

/** The middle second: away from the filter's start-up and end transients. */
function middleSecond(samples: Float32Array): Float32Array {
  const start = Math.floor((samples.length - AUDIO_SAMPLE_RATE_HZ) / 2);
  return samples.subarray(start, start + AUDIO_SAMPLE_RATE_HZ);
}

/** Amplitude of the DFT bin at `frequencyHz` (1 Hz bins over a one-second window). */
function toneAmplitude(samples: Float32Array, frequencyHz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < samples.length; i++) {
    const angle = (2 * Math.PI * frequencyHz * i) / AUDIO_SAMPLE_RATE_HZ;
    re += samples[i]! * Math.cos(angle);
    im -= samples[i]! * Math.sin(angle);
  }
  return (2 * Math.hypot(re, im)) / samples.length;
}

function risingZeroCrossingsPerSecond(samples: Float32Array): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const first = crossings[0]!;
  const last = crossings[crossings.length - 1]!;
  return ((crossings.length - 1) * AUDIO_SAMPLE_RATE_HZ) / (last - first);
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

describe('resampleTo16k', () => {
  for (const rateHz of [48_000, 44_100]) {
    it(`keeps a 440 Hz tone's frequency and amplitude from ${rateHz} Hz`, () => {
      const output = middleSecond(resampleTo16k(sine(440, rateHz, 3), rateHz));
      expect(risingZeroCrossingsPerSecond(output)).toBeCloseTo(440, 1);
      let loudest = 0;
      for (let f = 400; f <= 480; f++) if (toneAmplitude(output, f) > toneAmplitude(output, loudest)) loudest = f;
      expect(loudest).toBe(440);
      expect(Math.abs(toneAmplitude(output, 440) / 0.5 - 1)).toBeLessThan(0.01);
    });

    it(`attenuates a 10 kHz tone from ${rateHz} Hz by at least 40 dB`, () => {
      const input = sine(10_000, rateHz, 3);
      const output = middleSecond(resampleTo16k(input, rateHz));
      const attenuationDb = 20 * Math.log10(rms(output) / rms(input));
      expect(attenuationDb).toBeLessThan(-40);
    });
  }

  it('passes speech-band content near the top of the band', () => {
    const output = middleSecond(resampleTo16k(sine(6_000, 48_000, 3), 48_000));
    expect(Math.abs(toneAmplitude(output, 6_000) / 0.5 - 1)).toBeLessThan(0.01);
  });

  it('upsamples from 8 kHz keeping the tone', () => {
    const output = middleSecond(resampleTo16k(sine(440, 8_000, 3), 8_000));
    expect(Math.abs(toneAmplitude(output, 440) / 0.5 - 1)).toBeLessThan(0.01);
  });

  it('returns input length × 16000 / input rate samples', () => {
    for (const [rateHz, inputLength] of [
      [48_000, 48_000],
      [44_100, 44_100],
      [44_100, 12_345],
      [22_050, 999],
      [8_000, 100],
      [44_056, 44_056],
    ] as const) {
      const output = resampleTo16k(new Float32Array(inputLength), rateHz);
      expect(output.length).toBe(Math.ceil((inputLength * AUDIO_SAMPLE_RATE_HZ) / rateHz));
    }
  });

  it('is the identity at 16 kHz', () => {
    const input = sine(440, 16_000, 0.5);
    expect(resampleTo16k(input, 16_000)).toEqual(input);
    const stream = new StreamingResampler(16_000);
    expect(stream.process(input.subarray(0, 100))).toEqual(input.subarray(0, 100));
    expect(stream.flush().length).toBe(0);
  });
});

describe('StreamingResampler', () => {
  for (const rateHz of [48_000, 44_100, 44_056, 8_000]) {
    it(`gives the one-shot output when fed in arbitrary blocks at ${rateHz} Hz`, () => {
      const input = sine(1_234, rateHz, 1.3);
      for (let i = 0; i < input.length; i += 97) input[i] = 0.9; // clicks: broadband content
      const expected = resampleTo16k(input, rateHz);
      const resampler = new StreamingResampler(rateHz);
      const parts: Float32Array[] = [];
      let offset = 0;
      const blockSizes = [1, 128, 7, 4096, 0, 333, 128, 2];
      for (let k = 0; offset < input.length; k++) {
        const size = blockSizes[k % blockSizes.length]!;
        parts.push(resampler.process(input.subarray(offset, offset + size)));
        offset += size;
      }
      parts.push(resampler.flush());
      const streamed = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const part of parts) {
        streamed.set(part, at);
        at += part.length;
      }
      expect(streamed).toEqual(expected);
    });
  }

  it('starts a fresh stream after flush', () => {
    const input = sine(440, 48_000, 0.2);
    const resampler = new StreamingResampler(48_000);
    resampler.process(sine(3_000, 48_000, 0.1));
    resampler.flush();
    const again = new Float32Array([...resampler.process(input), ...resampler.flush()]);
    expect(again).toEqual(resampleTo16k(input, 48_000));
  });

  it('never writes more than maxOutputLength', () => {
    const resampler = new StreamingResampler(8_000);
    const output = new Float32Array(resampler.maxOutputLength(128));
    let total = 0;
    for (let k = 0; k < 50; k++) total += resampler.processInto(new Float32Array(128).fill(0.1), output);
    expect(total).toBeGreaterThan(50 * 256 - 100);
    expect(() => resampler.processInto(new Float32Array(128), new Float32Array(10))).toThrow(RangeError);
  });
});
