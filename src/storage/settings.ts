/** Small app settings, one row per key. */
import { isRecord } from '../shared/isRecord';
import type { EscribaDatabase } from './schema';

/**
 * The note template the doctor last generated a note with: new notes start from it, and its
 * specialty's words bias speech recognition.
 */
export const PREFERRED_TEMPLATE_SETTING = 'notes.template';

/**
 * The doctor's name and matrícula, as they want them on a printed note and in a FHIR export's
 * Practitioner. Free text on purpose («Dra. Ana Gómez», «MN 123456», «MP 4567 (Córdoba)»):
 * Escriba does not know the registries that issue them.
 */
export const PROFESSIONAL_SETTING = 'profile.professional';

export interface Professional {
  name: string;
  license: string;
}

/** The stored value as a Professional; anything missing or malformed reads as empty. */
export function readProfessional(value: unknown): Professional {
  const record = isRecord(value) ? value : {};
  const text = (field: unknown) => (typeof field === 'string' ? field.trim() : '');
  return { name: text(record.name), license: text(record.license) };
}

export class SettingsRepository {
  constructor(private readonly database: EscribaDatabase) {}

  async get(key: string): Promise<unknown> {
    return (await this.database.settings.get(key))?.value;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.database.settings.put({ key, value });
  }
}
