/** The storage API the app uses: repositories over the single database connection. */
import { AudioRepository } from './audio';
import { db } from './db';
import { EncounterRepository } from './encounters';

export const encounters = new EncounterRepository(db);
export const audio = new AudioRepository(db);
export { db };
export { durationMs } from './encounters';
export type * from './types';
