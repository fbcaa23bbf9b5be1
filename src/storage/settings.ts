/** Small app settings, one row per key. */
import type { EscribaDatabase } from './schema';

export class SettingsRepository {
  constructor(private readonly database: EscribaDatabase) {}

  async get(key: string): Promise<unknown> {
    return (await this.database.settings.get(key))?.value;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.database.settings.put({ key, value });
  }
}
