/**
 * The transcript: segments as speech recognition writes them, the doctor's corrections, and the
 * consultation's transcription cursor (`Encounter.transcribedSamples`). A segment and the cursor
 * past it are written in one transaction, and a result for audio the cursor has already passed is
 * refused: a queue resumed after a reload (or a second tab) can neither lose a segment nor store
 * one twice.
 */
import { samplesToMs } from '../audio/format';
import { appendAudit } from './audit';
import { guardQuota } from './quota';
import type { EscribaDatabase } from './schema';
import type { TranscriptSegment } from './types';

export interface UtteranceResult {
  startSample: number;
  endSample: number;
  /** Null when the utterance was judged silence or hallucination: only the cursor moves. */
  text: string | null;
  modelId?: string;
  device?: string;
}

export class TranscriptRepository {
  constructor(private readonly database: EscribaDatabase) {}

  /** In time order. */
  list(encounterId: string): Promise<TranscriptSegment[]> {
    return this.database.segments
      .where('[encounterId+startMs]')
      .between([encounterId, -Infinity], [encounterId, Infinity])
      .toArray();
  }

  get(id: string): Promise<TranscriptSegment | undefined> {
    return this.database.segments.get(id);
  }

  /**
   * Stores an utterance's result and moves the cursor to its end. Returns the new segment, or
   * null when nothing was stored (no text, or the cursor was already past this audio).
   */
  async commit(encounterId: string, result: UtteranceResult): Promise<TranscriptSegment | null> {
    const { encounters, segments } = this.database;
    return guardQuota(() =>
      this.database.transaction('rw', encounters, segments, async () => {
        const encounter = await encounters.get(encounterId);
        if (!encounter) throw new Error(`Consulta inexistente: ${encounterId}`);
        if ((encounter.transcribedSamples ?? 0) > result.startSample) return null;
        await encounters.update(encounterId, { transcribedSamples: result.endSample });
        if (result.text === null) return null;
        const segment: TranscriptSegment = {
          id: crypto.randomUUID(),
          encounterId,
          startSample: result.startSample,
          endSample: result.endSample,
          startMs: samplesToMs(result.startSample),
          endMs: samplesToMs(result.endSample),
          text: result.text,
          transcribedAt: Date.now(),
          ...(result.modelId === undefined ? {} : { modelId: result.modelId }),
          ...(result.device === undefined ? {} : { device: result.device }),
        };
        await segments.add(segment);
        return segment;
      }),
    );
  }

  /** Moves the cursor forward over audio that held no speech (never backwards). */
  async skipTo(encounterId: string, sample: number): Promise<void> {
    const { encounters } = this.database;
    await guardQuota(() =>
      this.database.transaction('rw', encounters, async () => {
        const encounter = await encounters.get(encounterId);
        if (encounter && (encounter.transcribedSamples ?? 0) < sample) {
          await encounters.update(encounterId, { transcribedSamples: sample });
        }
      }),
    );
  }

  /** The doctor's correction. The model's text is kept the first time the segment is corrected. */
  async correct(id: string, text: string): Promise<void> {
    await this.database.transaction('rw', this.database.segments, this.database.auditLog, async () => {
      const segment = await this.database.segments.get(id);
      if (!segment) throw new Error(`Segmento inexistente: ${id}`);
      if (segment.text === text) return;
      await this.database.segments.update(id, {
        text,
        originalText: segment.originalText ?? segment.text,
        editedAt: Date.now(),
      });
      await appendAudit(this.database, 'transcript.edited', segment.encounterId, id);
    });
  }

  /**
   * A new transcription of the same audio. It replaces the model's text; a doctor's correction
   * stays what is shown, with the new model text kept beside it as the original.
   */
  async retranscribed(id: string, text: string, model: { modelId: string; device: string }): Promise<void> {
    await this.database.transaction('rw', this.database.segments, this.database.auditLog, async () => {
      const segment = await this.database.segments.get(id);
      if (!segment) throw new Error(`Segmento inexistente: ${id}`);
      const edited = segment.originalText !== undefined;
      await this.database.segments.update(id, {
        ...(edited ? { originalText: text } : { text }),
        ...model,
        transcribedAt: Date.now(),
      });
      await appendAudit(this.database, 'transcript.retranscribed', segment.encounterId, id);
    });
  }
}
