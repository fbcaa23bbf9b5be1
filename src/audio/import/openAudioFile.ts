/**
 * Opens a chosen file as 16 kHz mono audio (an AudioSource), or says why it cannot be.
 *
 * PCM WAV is streamed by our own reader (wavSource.ts): any length in bounded memory. Everything
 * else (MP3, AAC in M4A, Vorbis or Opus in Ogg, Opus or Vorbis in WebM, and WAVs in encodings we
 * do not read) goes to the browser's `decodeAudioData`, which decodes off the main thread.
 *
 * The decode runs in an `OfflineAudioContext` at 16 kHz, so the browser resamples as it decodes and
 * hands back 16 kHz channels. The alternative, decoding in a 48 kHz context and resampling with
 * src/audio/resampler.ts, was measured on 45-minute files in Chromium 156 (renderer RSS sampled
 * every 100 ms; Chromium resets VmHWM itself, so the kernel's peak is no use):
 *
 *                         peak during decode     kept after decode (the AudioBuffer)
 *   MP3 44.1 kHz mono     1.16 GB either way     16 kHz: 0.30 GB   48 kHz: 0.63 GB
 *   Opus 48 kHz stereo    2.24 GB either way     16 kHz: 0.50 GB   48 kHz: 1.16 GB
 *   AAC 48 kHz stereo     3.21 GB either way     16 kHz: 0.48 GB   48 kHz: 1.14 GB
 *
 * Chromium decodes at the file's own rate and converts afterwards, so the peak is its own whatever
 * the context's rate (decode times, 40–80 s on two overloaded cores, showed no consistent
 * difference). The 16 kHz context keeps less than half as much for the storing that follows, and
 * spares a second resampling of ~130 M samples per channel on the main thread. Those peaks are
 * also why WAV, whose files are the largest, never takes this path.
 *
 * A cut Ogg file decodes without error up to the cut, so Ogg's page chain is checked first
 * (ogg.ts). `decodeAudioData` cannot be stopped: on cancel its promise is abandoned and its result
 * dropped when it comes.
 */
import { AudioDecodeError } from '../../shared/errors';
import { AUDIO_SAMPLE_RATE_HZ } from '../format';
import { planarSource, type AudioSource } from './audioSource';
import { OGG_TAIL_BYTES, oggIsTruncated } from './ogg';
import { readWavLayout } from './wav';
import { blobReader, wavSource } from './wavSource';

export async function openAudioFile(file: File, signal: AbortSignal): Promise<AudioSource> {
  const read = blobReader(file);
  let wav;
  try {
    wav = await readWavLayout(read, file.size);
  } catch (cause) {
    // The file went away or became unreadable after it was chosen (a removed USB drive).
    throw new AudioDecodeError(file.name, 'undecodable', { cause });
  }
  if (wav.kind === 'truncated') throw new AudioDecodeError(file.name, 'truncated');
  if (wav.kind === 'pcm') return wavSource(file, wav.layout);

  const head = await read(0, 4);
  if (String.fromCharCode(...head) === 'OggS' && oggIsTruncated(await read(Math.max(0, file.size - OGG_TAIL_BYTES), OGG_TAIL_BYTES))) {
    throw new AudioDecodeError(file.name, 'truncated');
  }
  signal.throwIfAborted();
  return decodeWithWebAudio(file, signal);
}

async function decodeWithWebAudio(file: File, signal: AbortSignal): Promise<AudioSource> {
  let decoded: AudioBuffer;
  try {
    const bytes = await file.arrayBuffer();
    signal.throwIfAborted();
    // The context only decodes; it never renders, so its length is irrelevant.
    const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: AUDIO_SAMPLE_RATE_HZ });
    // decodeAudioData detaches `bytes`: the encoded copy is released as decoding starts.
    decoded = await abandonOnAbort(context.decodeAudioData(bytes), signal);
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    throw new AudioDecodeError(file.name, 'undecodable', { cause });
  }
  const channels = Array.from({ length: decoded.numberOfChannels }, (_, c) => decoded.getChannelData(c));
  return planarSource(channels);
}

/** `promise`, or the abort reason as soon as `signal` fires (the promise itself runs on). */
function abandonOnAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
