/** The doctor's «Datos del profesional» (name and matrícula), live, and how they are saved. */
import { useLiveQuery } from 'dexie-react-hooks';
import { settings } from '../storage';
import { PROFESSIONAL_SETTING, readProfessional, type Professional } from '../storage/settings';

/** `undefined` while loading; empty strings when never filled in. */
export function useProfessional(): Professional | undefined {
  return useLiveQuery(async () => readProfessional(await settings.get(PROFESSIONAL_SETTING)), []);
}

export function saveProfessional(professional: Professional): Promise<void> {
  return settings.set(PROFESSIONAL_SETTING, { name: professional.name.trim(), license: professional.license.trim() });
}
