/** Consultations: create, edit, list, and the status changes the recorder and recovery make. */
import { appendAudit } from './audit';
import type { EscribaDatabase } from './schema';
import type { AuditAction, Encounter, EncounterStatus } from './types';
import { samplesToMs } from '../audio/format';

export interface EncounterDetails {
  patientLabel: string;
  reason: string;
}

export function durationMs(encounter: Pick<Encounter, 'storedSamples'>): number {
  return samplesToMs(encounter.storedSamples);
}

function newEncounter(details: Partial<EncounterDetails>, status: EncounterStatus): Encounter {
  const now = Date.now();
  return {
    id: crypto.randomUUID(),
    createdAt: now,
    updatedAt: now,
    patientLabel: details.patientLabel?.trim() ?? '',
    reason: details.reason?.trim() ?? '',
    status,
    storedSamples: 0,
    nextChunkSeq: 0,
  };
}

export class EncounterRepository {
  constructor(private readonly database: EscribaDatabase) {}

  async create(details: Partial<EncounterDetails> = {}): Promise<Encounter> {
    return this.add(newEncounter(details, 'new'), 'encounter.created');
  }

  /** A consultation for an audio file: `importing` until `finishImport`, deleted by `discardImport`. */
  async createImport(fileName: string, details: Partial<EncounterDetails> = {}): Promise<Encounter> {
    return this.add({ ...newEncounter(details, 'importing'), importedFrom: fileName }, 'import.started', fileName);
  }

  async finishImport(id: string): Promise<void> {
    await this.transition(id, 'recorded', 'import.finished');
  }

  /**
   * Removes an unfinished import and all it stored. The deletes are their own transaction and the
   * audit entry is written after, best effort: on a full disk (a common reason to discard) the
   * audit write is refused, and it must not roll back the deletes that free the space.
   */
  async discardImport(id: string, why: string): Promise<void> {
    const { encounters, audioChunks, segments } = this.database;
    const discarded = await this.database.transaction('rw', [encounters, audioChunks, segments], async () => {
      const encounter = await encounters.get(id);
      if (encounter?.status !== 'importing') return false;
      await audioChunks.where('encounterId').equals(id).delete();
      await segments.where('encounterId').equals(id).delete();
      await encounters.delete(id);
      return true;
    });
    if (discarded) await appendAudit(this.database, 'import.discarded', id, why).catch(() => undefined);
  }

  private async add(encounter: Encounter, action: AuditAction, detail?: string): Promise<Encounter> {
    await this.database.transaction('rw', this.database.encounters, this.database.auditLog, async () => {
      await this.database.encounters.add(encounter);
      await appendAudit(this.database, action, encounter.id, detail);
    });
    return encounter;
  }

  get(id: string): Promise<Encounter | undefined> {
    return this.database.encounters.get(id);
  }

  /** Newest first. */
  list(): Promise<Encounter[]> {
    return this.database.encounters.orderBy('createdAt').reverse().toArray();
  }

  async updateDetails(id: string, details: EncounterDetails): Promise<void> {
    await this.database.transaction('rw', this.database.encounters, this.database.auditLog, async () => {
      await this.database.encounters.update(id, {
        patientLabel: details.patientLabel.trim(),
        reason: details.reason.trim(),
        updatedAt: Date.now(),
      });
      await appendAudit(this.database, 'encounter.updated', id);
    });
  }

  async setStatus(id: string, status: EncounterStatus): Promise<void> {
    await this.database.encounters.update(id, { status, updatedAt: Date.now() });
  }

  /**
   * A status change and its audit entry, in one transaction: if either write fails, neither is
   * kept, so the stored status never claims a recording the audit log (or the recorder) denies.
   */
  async transition(id: string, status: EncounterStatus, action: AuditAction, detail?: string): Promise<void> {
    await this.database.transaction('rw', this.database.encounters, this.database.auditLog, async () => {
      await this.database.encounters.update(id, { status, updatedAt: Date.now() });
      await appendAudit(this.database, action, id, detail);
    });
  }

  /** The doctor ends an interrupted recording without recording more. */
  async finishInterrupted(id: string): Promise<void> {
    await this.database.transaction('rw', this.database.encounters, this.database.auditLog, async () => {
      await this.database.encounters.update(id, { status: 'recorded', updatedAt: Date.now() });
      await appendAudit(this.database, 'recording.stopped', id, 'finalizada tras interrupción');
    });
  }
}
