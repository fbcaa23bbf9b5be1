/**
 * Sample-rate conversion to Escriba's 16 kHz, streaming or one-shot.
 *
 * A polyphase windowed-sinc filter (Kaiser window, ≈80 dB stopband): each output sample is a dot
 * product of the input around its position with one precomputed kernel row (one row per
 * fractional position). The low-pass stops at the lower of the two Nyquist frequencies, so
 * anything above 8 kHz is removed before it can fold back into the speech band.
 *
 * Output sample n sits exactly at input time n·inRate/16000 (the kernel is centred), so
 * resampled audio lines up with the original. A stream fed in blocks of any size gives bit-for-bit
 * the output of one call, because every output uses the same inputs and the same kernel row.
 */
import { AUDIO_SAMPLE_RATE_HZ } from './format';

/** Stopband attenuation the kernel is designed for. */
const STOPBAND_ATTENUATION_DB = 80;
/** Transition band as a fraction of the lower Nyquist: 1 kHz for 16 kHz output (7–8 kHz). */
const TRANSITION_FRACTION_OF_NYQUIST = 1 / 8;
/**
 * Above this many fractional positions (odd rates whose ratio to 16 kHz has a huge denominator),
 * positions are rounded to the nearest of this many: < 0.5/1024 input sample of timing error.
 */
const MAX_KERNEL_PHASES = 1024;
/** The one-shot helper feeds the stream this much at a time so it never copies the whole input. */
const ONE_SHOT_BLOCK_SAMPLES = 65_536;

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; term > sum * 1e-12; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
  }
  return sum;
}

interface KernelTable {
  /** Rows of `taps` coefficients, row r for fractional position r / phases. */
  coefficients: Float32Array;
  rows: number;
  phases: number;
  taps: number;
  /** Input samples the kernel reaches on each side of an output's position. */
  halfTaps: number;
}

function designKernel(inputRateHz: number, outputRateHz: number, phases: number, rows: number): KernelTable {
  const nyquistHz = Math.min(inputRateHz, outputRateHz) / 2;
  const transitionHz = nyquistHz * TRANSITION_FRACTION_OF_NYQUIST;
  // The stopband starts at the Nyquist frequency itself, so the −6 dB point sits half a band below.
  const cutoff = (nyquistHz - transitionHz / 2) / inputRateHz;
  const transition = (2 * Math.PI * transitionHz) / inputRateHz;
  // Kaiser's formulas for the window length and shape that reach the attenuation.
  const length = (STOPBAND_ATTENUATION_DB - 7.95) / (2.285 * transition);
  const halfTaps = Math.ceil(length / 2);
  const beta = 0.1102 * (STOPBAND_ATTENUATION_DB - 8.7);
  const taps = 2 * halfTaps;
  const coefficients = new Float32Array(rows * taps);
  const windowNorm = besselI0(beta);
  for (let row = 0; row < rows; row++) {
    const fraction = row / phases;
    let sum = 0;
    const base = row * taps;
    for (let tap = 0; tap < taps; tap++) {
      // Tap 0 weighs the input sample halfTaps − 1 before the output's integer position.
      const t = fraction - (tap - halfTaps + 1);
      const x = t / halfTaps;
      const window = Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / windowNorm;
      const arg = 2 * cutoff * t;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const value = 2 * cutoff * sinc * window;
      coefficients[base + tap] = value;
      sum += value;
    }
    // Exact unity gain at DC for every phase: no slow amplitude ripple between output samples.
    for (let tap = 0; tap < taps; tap++) coefficients[base + tap]! /= sum;
  }
  return { coefficients, rows, phases, taps, halfTaps };
}

/** Converts one stream of mono float samples at `inputRateHz` to 16 kHz, block by block. */
export class StreamingResampler {
  readonly inputRateHz: number;
  readonly outputRateHz = AUDIO_SAMPLE_RATE_HZ;
  /** Output position advances by `step / period` input samples per output sample. */
  private readonly step: number;
  private readonly period: number;
  private readonly kernel: KernelTable | null;
  /** Input samples kept; `buffer[0]` is absolute input sample `bufferStart`. */
  private buffer: Float32Array;
  private bufferStart = 0;
  private bufferLength = 0;
  /** Integer input position of the next output sample and its fraction, in 1/period units. */
  private position = 0;
  private fraction = 0;
  private inputSamples = 0;

  constructor(inputRateHz: number) {
    if (!Number.isInteger(inputRateHz) || inputRateHz <= 0) {
      throw new RangeError(`Unsupported input sample rate: ${inputRateHz}`);
    }
    this.inputRateHz = inputRateHz;
    const divisor = greatestCommonDivisor(inputRateHz, AUDIO_SAMPLE_RATE_HZ);
    this.period = AUDIO_SAMPLE_RATE_HZ / divisor;
    this.step = inputRateHz / divisor;
    if (inputRateHz === AUDIO_SAMPLE_RATE_HZ) {
      this.kernel = null;
    } else {
      const phases = Math.min(this.period, MAX_KERNEL_PHASES);
      // When positions are rounded, a fraction can round up to a whole sample: one extra row for it.
      const rows = phases === this.period ? phases : phases + 1;
      this.kernel = designKernel(inputRateHz, AUDIO_SAMPLE_RATE_HZ, phases, rows);
    }
    this.buffer = new Float32Array(0);
    this.reset();
  }

  /** Most samples one call can return for `inputLength` input samples. */
  maxOutputLength(inputLength: number): number {
    return Math.ceil((inputLength * this.period) / this.step) + 1;
  }

  /** Resamples the next block of the stream into a new array. */
  process(input: Float32Array): Float32Array {
    const output = new Float32Array(this.maxOutputLength(input.length));
    return output.slice(0, this.processInto(input, output));
  }

  /**
   * Allocation-free `process` for real-time use: writes into `output` (at least
   * `maxOutputLength(input.length)` long) and returns how many samples it wrote.
   */
  processInto(input: Float32Array, output: Float32Array): number {
    if (output.length < this.maxOutputLength(input.length)) {
      throw new RangeError('Output buffer too small for this block');
    }
    this.inputSamples += input.length;
    if (!this.kernel) {
      output.set(input);
      return input.length;
    }
    this.append(input);
    return this.produce(output, 0, this.inputSamples);
  }

  /**
   * Ends the stream: returns the last samples, which the kernel could not compute until it knew
   * nothing follows (the input is taken as silent after its end). The resampler is then reset.
   */
  flush(): Float32Array {
    const kernel = this.kernel;
    if (!kernel) {
      this.reset();
      return new Float32Array(0);
    }
    const end = this.inputSamples;
    this.append(new Float32Array(kernel.halfTaps + 1));
    const output = new Float32Array(this.maxOutputLength(kernel.halfTaps + 1));
    const written = this.produce(output, 0, end);
    this.reset();
    return output.slice(0, written);
  }

  /** Forgets the stream so far; the next sample starts a new one. */
  reset(): void {
    this.position = 0;
    this.fraction = 0;
    this.inputSamples = 0;
    // The signal is taken as silent before its start: keep halfTaps − 1 zeros of history.
    const history = this.kernel ? this.kernel.halfTaps - 1 : 0;
    this.bufferStart = -history;
    this.ensureCapacity(history);
    this.buffer.fill(0, 0, history);
    this.bufferLength = history;
  }

  private ensureCapacity(length: number): void {
    if (this.buffer.length >= length) return;
    const grown = new Float32Array(Math.max(length, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.bufferLength));
    this.buffer = grown;
  }

  private append(input: Float32Array): void {
    this.ensureCapacity(this.bufferLength + input.length);
    this.buffer.set(input, this.bufferLength);
    this.bufferLength += input.length;
  }

  /** Computes outputs whose kernel lies within the buffer and whose position is before `endSample`. */
  private produce(output: Float32Array, offset: number, endSample: number): number {
    const kernel = this.kernel!;
    const { coefficients, taps, halfTaps, phases } = kernel;
    const buffer = this.buffer;
    const available = this.bufferStart + this.bufferLength;
    const exact = phases === this.period;
    let written = offset;
    // The last tap of an output at `position` reads input sample position + halfTaps.
    while (this.position + halfTaps < available && this.position < endSample) {
      const row = exact ? this.fraction : Math.round((this.fraction * phases) / this.period);
      const first = this.position - halfTaps + 1 - this.bufferStart;
      const base = row * taps;
      let sum = 0;
      for (let tap = 0; tap < taps; tap++) sum += coefficients[base + tap]! * buffer[first + tap]!;
      output[written++] = sum;
      this.fraction += this.step;
      this.position += Math.floor(this.fraction / this.period);
      this.fraction %= this.period;
    }
    this.discardBefore(this.position - halfTaps + 1);
    return written - offset;
  }

  private discardBefore(sample: number): void {
    const drop = Math.min(Math.max(0, sample - this.bufferStart), this.bufferLength);
    if (drop === 0) return;
    this.buffer.copyWithin(0, drop, this.bufferLength);
    this.bufferLength -= drop;
    this.bufferStart += drop;
  }
}

/** Resamples a whole decoded signal (e.g. an imported file) to 16 kHz; same output as streaming. */
export function resampleTo16k(samples: Float32Array, inputRateHz: number): Float32Array {
  if (inputRateHz === AUDIO_SAMPLE_RATE_HZ) return samples.slice();
  const resampler = new StreamingResampler(inputRateHz);
  const output = new Float32Array(Math.ceil((samples.length * AUDIO_SAMPLE_RATE_HZ) / inputRateHz));
  const scratch = new Float32Array(resampler.maxOutputLength(ONE_SHOT_BLOCK_SAMPLES));
  let written = 0;
  for (let start = 0; start < samples.length; start += ONE_SHOT_BLOCK_SAMPLES) {
    const block = samples.subarray(start, start + ONE_SHOT_BLOCK_SAMPLES);
    const count = resampler.processInto(block, scratch);
    output.set(scratch.subarray(0, count), written);
    written += count;
  }
  output.set(resampler.flush(), written);
  return output;
}
