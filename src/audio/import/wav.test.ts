import { describe, expect, it } from 'vitest';
import { readWavLayout, framesToMono, type ByteReader, type WavReading } from './wav';
import { ascii, int16Bytes, makeWav } from './wav.testkit';

function reader(bytes: Uint8Array): ByteReader {
  return async (offset, length) => bytes.slice(offset, offset + length);
}
const read = (bytes: Uint8Array): Promise<WavReading> => readWavLayout(reader(bytes), bytes.length);

describe('readWavLayout', () => {
  it('finds the PCM data after other chunks, odd-sized ones padded', async () => {
    const data = int16Bytes([1, 2, 3, 4, 5, 6]);
    const file = makeWav({ channels: 2, sampleRateHz: 44_100, data, extraChunks: [{ id: 'LIST', body: new Uint8Array(5) }] });
    const reading = await read(file);
    expect(reading).toEqual({
      kind: 'pcm',
      layout: { encoding: 'int', channels: 2, sampleRateHz: 44_100, bytesPerSample: 2, blockAlign: 4, dataOffset: file.length - 12, dataBytes: 12 },
    });
  });

  it('reads float and WAVE_FORMAT_EXTENSIBLE files', async () => {
    const float = await read(makeWav({ tag: 3, bitsPerSample: 32, data: new Uint8Array(8) }));
    expect(float).toMatchObject({ kind: 'pcm', layout: { encoding: 'float', bytesPerSample: 4 } });
    const extensible = await read(makeWav({ extensibleSubFormat: 1, bitsPerSample: 24, channels: 2, data: new Uint8Array(12) }));
    expect(extensible).toMatchObject({ kind: 'pcm', layout: { encoding: 'int', bytesPerSample: 3, blockAlign: 6, dataBytes: 12 } });
  });

  it('leaves encodings it does not stream, and non-WAV files, to the browser', async () => {
    expect(await read(makeWav({ tag: 2, bitsPerSample: 4, data: new Uint8Array(8) }))).toEqual({ kind: 'other' }); // ADPCM
    expect(await read(makeWav({ tag: 7, bitsPerSample: 8, data: new Uint8Array(8) }))).toEqual({ kind: 'other' }); // µ-law
    expect(await read(ascii('ID3\u0003 an mp3 named .wav'))).toEqual({ kind: 'other' });
    expect(await read(new Uint8Array(0))).toEqual({ kind: 'other' });
  });

  it('calls a file truncated when its data or its header stops before the end it declares', async () => {
    const whole = makeWav({ data: int16Bytes(Array.from({ length: 100 }, (_, i) => i)) });
    expect(await read(whole.subarray(0, whole.length - 1))).toEqual({ kind: 'truncated' });
    expect(await read(whole.subarray(0, 30))).toEqual({ kind: 'truncated' }); // inside `fmt `
    expect(await read(whole.subarray(0, 36))).toEqual({ kind: 'truncated' }); // no `data` chunk yet
  });

  it('takes the data to the end of the file when the writer never filled in its size', async () => {
    for (const declared of [0, 0xffffffff]) {
      const reading = await read(makeWav({ data: int16Bytes([1, 2, 3]), declaredDataBytes: declared }));
      expect(reading).toMatchObject({ kind: 'pcm', layout: { dataBytes: 6 } });
    }
  });

  it('stops at the declared size (chunks may follow the data) and drops a partial last frame', async () => {
    const file = makeWav({ channels: 2, data: int16Bytes([1, 2, 3, 4, 5]), declaredDataBytes: 10 });
    expect(await read(file)).toMatchObject({ kind: 'pcm', layout: { dataBytes: 8 } });
    const empty = await read(makeWav({ data: new Uint8Array(0) }));
    expect(empty).toMatchObject({ kind: 'pcm', layout: { dataBytes: 0 } });
  });
});

describe('framesToMono', () => {
  const layout = { encoding: 'int', channels: 1, sampleRateHz: 8000, bytesPerSample: 2, blockAlign: 2, dataOffset: 0, dataBytes: 0 } as const;

  it('averages the channels of each frame', () => {
    const stereo = { ...layout, channels: 2, blockAlign: 4 };
    expect(Array.from(framesToMono(int16Bytes([0x4000, 0, -0x8000, -0x8000]), stereo))).toEqual([0.25, -1]);
  });

  it('scales 8-bit (unsigned), 24-bit and 32-bit integers and floats to [-1, 1)', () => {
    expect(Array.from(framesToMono(Uint8Array.from([0, 128, 192]), { ...layout, bytesPerSample: 1, blockAlign: 1 }))).toEqual([-1, 0, 0.5]);
    const int24 = Uint8Array.from([0x00, 0x00, 0x40, 0x00, 0x00, 0x80]); // +0.5, -1
    expect(Array.from(framesToMono(int24, { ...layout, bytesPerSample: 3, blockAlign: 3 }))).toEqual([0.5, -1]);
    const int32 = new Uint8Array(Int32Array.from([0x40000000]).buffer);
    expect(Array.from(framesToMono(int32, { ...layout, bytesPerSample: 4, blockAlign: 4 }))).toEqual([0.5]);
    const float64 = new Uint8Array(Float64Array.from([0.25, -0.75]).buffer);
    expect(Array.from(framesToMono(float64, { ...layout, encoding: 'float', bytesPerSample: 8, blockAlign: 8 }))).toEqual([0.25, -0.75]);
  });
});
