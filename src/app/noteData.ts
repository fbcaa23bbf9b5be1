/** Live views of stored notes and templates for the note panel (data.ts does the same for the rest). */
import { useLiveQuery } from 'dexie-react-hooks';
import { notes, settings, templates, type NoteTemplate, type NoteVersion } from '../storage';
import { DEFAULT_TEMPLATE_ID } from '../notes/templates';
import { PREFERRED_TEMPLATE_SETTING } from '../storage/settings';
import { useSetting } from './data';

/** Oldest first, live; `undefined` while loading. */
export function useNoteVersions(encounterId: string): NoteVersion[] | undefined {
  return useLiveQuery(() => notes.versions(encounterId), [encounterId]);
}

/** Built-ins, then the doctor's; `undefined` while loading. */
export function useTemplates(): NoteTemplate[] | undefined {
  return useLiveQuery(() => templates.list(), []);
}

export function usePreferredTemplateId(): string {
  const stored = useSetting(PREFERRED_TEMPLATE_SETTING);
  return typeof stored === 'string' ? stored : DEFAULT_TEMPLATE_ID;
}

export function preferTemplate(id: string): Promise<void> {
  return settings.set(PREFERRED_TEMPLATE_SETTING, id);
}
