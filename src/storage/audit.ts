/** The append-only audit log: who did what to which consultation, and when. */
import type { EscribaDatabase } from './schema';
import type { AuditAction, AuditEntry } from './types';

export function appendAudit(
  database: EscribaDatabase,
  action: AuditAction,
  encounterId?: string,
  detail?: string,
): Promise<number> {
  const entry: AuditEntry = { at: Date.now(), action, encounterId, detail };
  return database.auditLog.add(entry);
}

export function auditTrail(database: EscribaDatabase, encounterId: string): Promise<AuditEntry[]> {
  return database.auditLog.where('encounterId').equals(encounterId).sortBy('id');
}

