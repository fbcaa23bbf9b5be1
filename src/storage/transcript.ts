/**
 * The transcript: segments as speech recognition writes them, the doctor's corrections, and the
 * consultation's transcription cursor (`Encounter.transcribedSamples`). A segment and the cursor
 * past it are written in one transaction, and a result for audio the cursor has already passed is
 * refused: a queue resumed after a reload (or a second tab) can neither lose a segment nor store
 * one twice.
 *
 * Each segment carries its speaker role (speech/roles): Escriba's guess when it is stored, guessed
 * again when its words change, and the doctor's choice once made, which nothing overwrites.
 */
import { samplesToMs } from '../audio/format';
import { roleAfter, withRoles, type WithRole } from '../speech/roles/segmentRoles';
import { appendAudit } from './audit';
import { guardQuota } from './quota';
import type { EscribaDatabase } from './schema';
import type { SpeakerRole, TranscriptSegment } from './types';

/** Earlier segments read to guess a role: the classifier looks back six, and resolves those too. */
const ROLE_CONTEXT_SEGMENTS = 12;

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

  /**
   * In time order, each with a role: a segment stored before roles existed gets Escriba's guess
   * here (not written back: reading never writes).
   */
  async list(encounterId: string): Promise<WithRole<TranscriptSegment>[]> {
    return withRoles(
      await this.database.segments
        .where('[encounterId+startMs]')
        .between([encounterId, -Infinity], [encounterId, Infinity])
        .toArray(),
    );
  }

  /** The segments before `startMs`, oldest first: the turns a role is guessed after. */
  private before(encounterId: string, startMs: number): Promise<TranscriptSegment[]> {
    return this.database.segments
      .where('[encounterId+startMs]')
      .between([encounterId, -Infinity], [encounterId, startMs], true, false)
      .reverse()
      .limit(ROLE_CONTEXT_SEGMENTS)
      .toArray()
      .then((segments) => segments.reverse());
  }

  private async autoRole(segment: Pick<TranscriptSegment, 'encounterId' | 'startMs'>, text: string): Promise<SpeakerRole> {
    return roleAfter(text, await this.before(segment.encounterId, segment.startMs));
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
        const startMs = samplesToMs(result.startSample);
        const segment: TranscriptSegment = {
          id: crypto.randomUUID(),
          encounterId,
          startSample: result.startSample,
          endSample: result.endSample,
          startMs,
          endMs: samplesToMs(result.endSample),
          text: result.text,
          transcribedAt: Date.now(),
          role: await this.autoRole({ encounterId, startMs }, result.text),
          roleSource: 'auto',
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

  /**
   * The doctor's correction. The model's text is kept the first time the segment is corrected; an
   * automatic role is guessed again from the corrected words.
   */
  async correct(id: string, text: string): Promise<void> {
    await this.database.transaction('rw', this.database.segments, this.database.auditLog, async () => {
      const segment = await this.database.segments.get(id);
      if (!segment) throw new Error(`Segmento inexistente: ${id}`);
      if (segment.text === text) return;
      await this.database.segments.update(id, {
        text,
        originalText: segment.originalText ?? segment.text,
        editedAt: Date.now(),
        ...(segment.roleSource === 'médico' ? {} : { role: await this.autoRole(segment, text), roleSource: 'auto' as const }),
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
      const reguess = !edited && segment.roleSource !== 'médico';
      await this.database.segments.update(id, {
        ...(edited ? { originalText: text } : { text }),
        ...model,
        transcribedAt: Date.now(),
        ...(reguess ? { role: await this.autoRole(segment, text), roleSource: 'auto' as const } : {}),
      });
      await appendAudit(this.database, 'transcript.retranscribed', segment.encounterId, id);
    });
  }

  /**
   * The doctor says who spoke. Their choice wins over Escriba's guess from now on (a new
   * transcription or a corrected text keeps it). The audit names the roles, never the words.
   */
  async correctRole(id: string, role: SpeakerRole): Promise<void> {
    await this.database.transaction('rw', this.database.segments, this.database.auditLog, async () => {
      const segment = await this.database.segments.get(id);
      if (!segment) throw new Error(`Segmento inexistente: ${id}`);
      if (segment.role === role && segment.roleSource === 'médico') return;
      // A segment stored before roles existed shows the role `list` gives it: that is what was corrected.
      const before = segment.role ?? (await this.list(segment.encounterId)).find((s) => s.id === id)?.role;
      await this.database.segments.update(id, { role, roleSource: 'médico' });
      await appendAudit(this.database, 'transcript.role.corrected', segment.encounterId, `${id}: ${before} → ${role}`);
    });
  }
}
