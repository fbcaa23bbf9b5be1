/** Small app settings, one row per key. */
import type { EscribaDatabase } from './schema';

/**
 * The note template the doctor last generated a note with: new notes start from it, and its
 * specialty's words bias speech recognition.
 */
export const PREFERRED_TEMPLATE_SETTING = 'notes.template';

export class SettingsRepository {
  constructor(private readonly database: EscribaDatabase) {}

  async get(key: string): Promise<unknown> {
    return (await this.database.settings.get(key))?.value;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.database.settings.put({ key, value });
  }
}
