/**
 * Stored audio as a WAV file (RIFF, 16-bit PCM, mono, 16 kHz) for playback and download. The
 * Blob is assembled from the stored chunks' own buffers, a batch at a time, so an hour of audio
 * never sits in JavaScript memory (the browser may even keep the Blob on disk).
 */
import type { AudioChunk } from '../storage/types';
import { AUDIO_SAMPLE_RATE_HZ, BYTES_PER_SAMPLE } from './format';

export const WAV_HEADER_BYTES = 44;
const CHANNELS = 1;
const BITS_PER_SAMPLE = BYTES_PER_SAMPLE * 8;
const PCM_FORMAT = 1;

/** The 44-byte header of a canonical PCM WAV file holding `dataBytes` of sample data. */
export function wavHeader(dataBytes: number): ArrayBuffer {
  const header = new ArrayBuffer(WAV_HEADER_BYTES);
  const view = new DataView(header);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM_FORMAT, true);
  view.setUint16(22, CHANNELS, true);
  view.setUint32(24, AUDIO_SAMPLE_RATE_HZ, true);
  view.setUint32(28, AUDIO_SAMPLE_RATE_HZ * CHANNELS * BYTES_PER_SAMPLE, true);
  view.setUint16(32, CHANNELS * BYTES_PER_SAMPLE, true);
  view.setUint16(34, BITS_PER_SAMPLE, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}

/** PCM gathered in JS memory before it moves into a Blob: about 33 s of 16 kHz int16 audio. */
export const WAV_BATCH_BYTES = 1 << 20;

/**
 * A WAV Blob of the chunks in the order given (AudioRepository.chunks yields them by seq).
 *
 * The samples move into a Blob a batch at a time (`new Blob([blob, ...batch])` references the
 * earlier Blob's data rather than copying it into JS), so at most `batchBytes` of PCM are held in
 * JS memory however long the consultation: an hour is ~115 MB.
 */
export async function wavBlobFromChunks(chunks: AsyncIterable<AudioChunk>, batchBytes = WAV_BATCH_BYTES): Promise<Blob> {
  // Chunks are little-endian int16 as stored, which is exactly WAV's sample format.
  let data = new Blob([]);
  let batch: ArrayBuffer[] = [];
  let batchSize = 0;
  for await (const chunk of chunks) {
    batch.push(chunk.pcm);
    batchSize += chunk.pcm.byteLength;
    if (batchSize >= batchBytes) {
      data = new Blob([data, ...batch]);
      batch = [];
      batchSize = 0;
    }
  }
  if (batch.length > 0) data = new Blob([data, ...batch]);
  return new Blob([wavHeader(data.size), data], { type: 'audio/wav' });
}
