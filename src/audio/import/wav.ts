/**
 * Reading WAV files ourselves instead of through the browser's decoder. WAV is plain PCM, and it is
 * the format whose files are largest (45 minutes of 44.1 kHz stereo are 476 MB): handed to
 * `decodeAudioData` it must sit whole in memory, and Chromium then holds it decoded at its own rate
 * and again resampled: that file peaked at 3.6 GB in the renderer, measured. Read here, it streams
 * from the file a second at a time, whatever its length (the same import peaked at 0.27 GB). Only the layout is parsed: the RIFF chunks up to `data`, and the PCM
 * encodings recorders write (8/16/24/32-bit integer, 32/64-bit float, also as WAVE_FORMAT_EXTENSIBLE).
 * Anything else that calls itself RIFF/WAVE (ADPCM, µ-law, RF64…) is left to the browser.
 */

export interface WavLayout {
  encoding: 'int' | 'float';
  channels: number;
  sampleRateHz: number;
  /** Bytes of one sample of one channel (the container size: 24-bit audio in 4 bytes is 4). */
  bytesPerSample: number;
  /** Bytes of one frame: a sample of every channel. */
  blockAlign: number;
  dataOffset: number;
  /** Whole frames only; 0 for a file with no audio. */
  dataBytes: number;
}

export type WavReading =
  | { kind: 'pcm'; layout: WavLayout }
  /** Its chunks or its data run past the end of the file: a copy or download that was cut. */
  | { kind: 'truncated' }
  /** Not RIFF/WAVE, or an encoding we do not stream: the browser's decoder gets to try. */
  | { kind: 'other' };

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ByteReader = (offset: number, length: number) => Promise<Uint8Array>;

const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
/** A WAV has a handful of chunks before `data`; more means we are not reading a WAV. */
const MAX_CHUNKS_BEFORE_DATA = 64;
const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Writers that stream (and crash before finishing) leave 0 or all ones as the data size. */
const UNKNOWN_DATA_SIZES = new Set([0, 0xffffffff]);

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function readWavLayout(read: ByteReader, fileBytes: number): Promise<WavReading> {
  const riff = await read(0, RIFF_HEADER_BYTES);
  if (riff.length < RIFF_HEADER_BYTES || fourCC(riff, 0) !== 'RIFF' || fourCC(riff, 8) !== 'WAVE') return { kind: 'other' };
  let format: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | 'other' | undefined;
  let offset = RIFF_HEADER_BYTES;
  for (let chunk = 0; chunk < MAX_CHUNKS_BEFORE_DATA; chunk++) {
    if (offset + CHUNK_HEADER_BYTES > fileBytes) return { kind: 'truncated' };
    const header = await read(offset, CHUNK_HEADER_BYTES);
    const id = fourCC(header, 0);
    const size = view(header).getUint32(4, true);
    const bodyOffset = offset + CHUNK_HEADER_BYTES;
    if (id === 'fmt ') {
      if (bodyOffset + size > fileBytes) return { kind: 'truncated' };
      format = parseFormat(await read(bodyOffset, size));
    } else if (id === 'data') {
      if (format === undefined || format === 'other') return { kind: 'other' };
      const available = fileBytes - bodyOffset;
      if (!UNKNOWN_DATA_SIZES.has(size) && size > available) return { kind: 'truncated' };
      const bytes = UNKNOWN_DATA_SIZES.has(size) ? available : size;
      const dataBytes = bytes - (bytes % format.blockAlign);
      return { kind: 'pcm', layout: { ...format, dataOffset: bodyOffset, dataBytes } };
    }
    // Chunks are padded to an even length.
    offset = bodyOffset + size + (size % 2);
  }
  return { kind: 'other' };
}

function parseFormat(body: Uint8Array): Omit<WavLayout, 'dataOffset' | 'dataBytes'> | 'other' {
  if (body.length < 16) return 'other';
  const fields = view(body);
  let tag = fields.getUint16(0, true);
  const channels = fields.getUint16(2, true);
  const sampleRateHz = fields.getUint32(4, true);
  const blockAlign = fields.getUint16(12, true);
  // WAVE_FORMAT_EXTENSIBLE keeps the real tag in the first two bytes of its sub-format GUID.
  if (tag === WAVE_FORMAT_EXTENSIBLE) tag = body.length >= 26 ? fields.getUint16(24, true) : 0;
  const bytesPerSample = channels > 0 ? blockAlign / channels : 0;
  if (sampleRateHz <= 0 || !Number.isInteger(bytesPerSample)) return 'other';
  if (tag === WAVE_FORMAT_PCM && bytesPerSample >= 1 && bytesPerSample <= 4) {
    return { encoding: 'int', channels, sampleRateHz, bytesPerSample, blockAlign };
  }
  if (tag === WAVE_FORMAT_IEEE_FLOAT && (bytesPerSample === 4 || bytesPerSample === 8)) {
    return { encoding: 'float', channels, sampleRateHz, bytesPerSample, blockAlign };
  }
  return 'other';
}

/** One sample of one channel as a float in [-1, 1). */
function sampleReader(layout: WavLayout): (data: DataView, offset: number) => number {
  if (layout.encoding === 'float') {
    return layout.bytesPerSample === 4 ? (d, o) => d.getFloat32(o, true) : (d, o) => d.getFloat64(o, true);
  }
  switch (layout.bytesPerSample) {
    case 1:
      return (d, o) => (d.getUint8(o) - 128) / 128; // 8-bit WAV is unsigned
    case 2:
      return (d, o) => d.getInt16(o, true) / 0x8000;
    case 3:
      return (d, o) => ((d.getUint8(o) | (d.getUint8(o + 1) << 8) | (d.getInt8(o + 2) << 16)) / 0x800000);
    default:
      return (d, o) => d.getInt32(o, true) / 0x80000000;
  }
}

/** Whole frames of `bytes` averaged over their channels: the mono signal Escriba stores. */
export function framesToMono(bytes: Uint8Array, layout: WavLayout): Float32Array {
  const frames = Math.floor(bytes.length / layout.blockAlign);
  const out = new Float32Array(frames);
  const data = view(bytes);
  const readSample = sampleReader(layout);
  const { channels, blockAlign, bytesPerSample } = layout;
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    const base = frame * blockAlign;
    for (let channel = 0; channel < channels; channel++) sum += readSample(data, base + channel * bytesPerSample);
    out[frame] = sum / channels;
  }
  return out;
}
