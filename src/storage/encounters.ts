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

export class EncounterRepository {
  constructor(private readonly database: EscribaDatabase) {}

  async create(details: Partial<EncounterDetails> = {}): Promise<Encounter> {
    const now = Date.now();
    const encounter: Encounter = {
      id: crypto.randomUUID(),
      createdAt: now,
      updatedAt: now,
      patientLabel: details.patientLabel?.trim() ?? '',
      reason: details.reason?.trim() ?? '',
      status: 'new',
      storedSamples: 0,
      nextChunkSeq: 0,
    };
    await this.database.transaction('rw', this.database.encounters, this.database.auditLog, async () => {
      await this.database.encounters.add(encounter);
      await appendAudit(this.database, 'encounter.created', encounter.id);
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
