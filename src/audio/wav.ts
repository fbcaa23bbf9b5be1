/**
 * Stored audio as a WAV file (RIFF, 16-bit PCM, mono, 16 kHz) for playback and download. The
 * Blob is assembled from the stored chunks' own buffers, so an hour of audio is never copied into
 * one JavaScript array (the browser may even keep the Blob on disk).
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

/** A WAV Blob of the chunks in the order given (AudioRepository.chunks yields them by seq). */
export async function wavBlobFromChunks(chunks: AsyncIterable<AudioChunk>): Promise<Blob> {
  // Chunks are little-endian int16 as stored, which is exactly WAV's sample format.
  const parts: ArrayBuffer[] = [];
  let dataBytes = 0;
  for await (const chunk of chunks) {
    parts.push(chunk.pcm);
    dataBytes += chunk.pcm.byteLength;
  }
  return new Blob([wavHeader(dataBytes), ...parts], { type: 'audio/wav' });
}
