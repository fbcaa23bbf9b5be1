/** WAV files built byte by byte for the import's tests: the layouts recorders write, and broken ones. */

export interface WavSpec {
  tag?: number;
  channels?: number;
  sampleRateHz?: number;
  bitsPerSample?: number;
  /** Bytes of PCM data actually in the file. */
  data?: Uint8Array;
  /** What the data chunk's header claims (defaults to the real length). */
  declaredDataBytes?: number;
  /** Chunks written between `fmt ` and `data`. */
  extraChunks?: { id: string; body: Uint8Array }[];
  extensibleSubFormat?: number;
}

/** A RIFF/WAVE file as recorders write it. */
export function makeWav(spec: WavSpec = {}): Uint8Array<ArrayBuffer> {
  const { channels = 1, sampleRateHz = 16_000, bitsPerSample = 16, data = new Uint8Array(0) } = spec;
  const blockAlign = channels * Math.ceil(bitsPerSample / 8);
  const extensible = spec.extensibleSubFormat !== undefined;
  const fmt = new DataView(new ArrayBuffer(extensible ? 40 : 16));
  fmt.setUint16(0, extensible ? 0xfffe : (spec.tag ?? 1), true);
  fmt.setUint16(2, channels, true);
  fmt.setUint32(4, sampleRateHz, true);
  fmt.setUint32(8, sampleRateHz * blockAlign, true);
  fmt.setUint16(12, blockAlign, true);
  fmt.setUint16(14, bitsPerSample, true);
  if (extensible) {
    fmt.setUint16(16, 22, true);
    fmt.setUint16(24, spec.extensibleSubFormat!, true);
  }
  const chunks = [{ id: 'fmt ', body: new Uint8Array(fmt.buffer) }, ...(spec.extraChunks ?? [])];
  const parts: Uint8Array[] = [ascii('RIFF'), u32(0), ascii('WAVE')];
  for (const chunk of chunks) {
    parts.push(ascii(chunk.id), u32(chunk.body.length), chunk.body);
    if (chunk.body.length % 2) parts.push(new Uint8Array(1));
  }
  parts.push(ascii('data'), u32(spec.declaredDataBytes ?? data.length), data);
  const out = concat(parts);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}
function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) (out.set(part, at), (at += part.length));
  return out;
}
export function int16Bytes(samples: number[]): Uint8Array {
  return new Uint8Array(Int16Array.from(samples).buffer);
}
