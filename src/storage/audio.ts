/**
 * Recorded audio as it sits in IndexedDB: numbered chunks of 16 kHz int16 PCM per consultation.
 * Appending a chunk and advancing the consultation's sample count happen in one transaction, so
 * after any crash the consultation's duration matches exactly the audio that is stored.
 */
import { int16ToFloat } from '../audio/format';
import { StorageFullError, isQuotaError } from '../shared/errors';
import { appendAudit } from './audit';
import type { EscribaDatabase } from './schema';
import type { AudioChunk } from './types';

export class AudioRepository {
  constructor(private readonly database: EscribaDatabase) {}

  /** Throws `StorageFullError` when the browser's quota is exhausted; nothing is half-written. */
  async append(encounterId: string, pcm: Int16Array): Promise<AudioChunk> {
    const { encounters, audioChunks } = this.database;
    try {
      return await this.database.transaction('rw', encounters, audioChunks, async () => {
        const encounter = await encounters.get(encounterId);
        if (!encounter) throw new Error(`Consulta inexistente: ${encounterId}`);
        const chunk: AudioChunk = {
          encounterId,
          seq: encounter.nextChunkSeq,
          startSample: encounter.storedSamples,
          sampleCount: pcm.length,
          pcm: pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength) as ArrayBuffer,
        };
        await audioChunks.add(chunk);
        await encounters.update(encounterId, {
          nextChunkSeq: chunk.seq + 1,
          storedSamples: encounter.storedSamples + pcm.length,
          updatedAt: Date.now(),
        });
        return chunk;
      });
    } catch (error) {
      if (isQuotaError(error)) {
        await appendAudit(this.database, 'recording.failed', encounterId, 'quota').catch(() => undefined);
        throw new StorageFullError('Sin espacio de almacenamiento', { cause: error });
      }
      throw error;
    }
  }

  /** Chunks in order, a batch at a time, so a long recording never sits whole in memory. */
  async *chunks(encounterId: string, batchSize = 60): AsyncGenerator<AudioChunk> {
    let nextSeq = 0;
    for (;;) {
      const batch = await this.database.audioChunks
        .where('[encounterId+seq]')
        .between([encounterId, nextSeq], [encounterId, Infinity])
        .limit(batchSize)
        .toArray();
      yield* batch;
      if (batch.length < batchSize) return;
      nextSeq = batch[batch.length - 1]!.seq + 1;
    }
  }

  /**
   * Up to `maxSamples` of stored audio from absolute sample `from`, as floats; empty when nothing
   * is stored there yet. Reads only the chunks it needs: the first is found by binary search on
   * the chunk sequence, so a long recording is never scanned.
   */
  async readSamples(encounterId: string, from: number, maxSamples: number): Promise<Float32Array> {
    const table = this.database.audioChunks;
    const encounter = await this.database.encounters.get(encounterId);
    const end = Math.min(encounter?.storedSamples ?? 0, from + maxSamples);
    if (!encounter || end <= from) return new Float32Array(0);
    let lo = 0;
    let hi = encounter.nextChunkSeq - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const chunk = await table.get([encounterId, mid]);
      if (chunk && chunk.startSample <= from) lo = mid;
      else hi = mid - 1;
    }
    const out = new Float32Array(end - from);
    let written = 0;
    for (let seq = lo; written < out.length; seq++) {
      const chunk = await table.get([encounterId, seq]);
      if (!chunk) break;
      const pcm = new Int16Array(chunk.pcm);
      const offset = Math.max(0, from - chunk.startSample);
      const take = Math.min(pcm.length - offset, out.length - written);
      if (take <= 0) break;
      int16ToFloat(pcm.subarray(offset, offset + take), out.subarray(written, written + take));
      written += take;
    }
    return written === out.length ? out : out.subarray(0, written);
  }

  async storedBytes(encounterId: string): Promise<number> {
    let total = 0;
    await this.database.audioChunks.where('encounterId').equals(encounterId).each((c) => {
      total += c.pcm.byteLength;
    });
    return total;
  }
}
