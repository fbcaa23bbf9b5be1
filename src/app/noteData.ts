/** Live views of stored notes and templates for the note panel (data.ts does the same for the rest). */
import { useLiveQuery } from 'dexie-react-hooks';
import { notes, settings, templates, type NoteTemplate, type NoteVersion } from '../storage';
import { DEFAULT_TEMPLATE_ID } from '../notes/templates';
import { useSetting } from './data';

/** The template the doctor last generated a note with; new notes start from it. */
export const NOTE_TEMPLATE_SETTING = 'notes.template';

/** Oldest first, live; `undefined` while loading. */
export function useNoteVersions(encounterId: string): NoteVersion[] | undefined {
  return useLiveQuery(() => notes.versions(encounterId), [encounterId]);
}

/** Built-ins, then the doctor's; `undefined` while loading. */
export function useTemplates(): NoteTemplate[] | undefined {
  return useLiveQuery(() => templates.list(), []);
}

export function usePreferredTemplateId(): string {
  const stored = useSetting(NOTE_TEMPLATE_SETTING);
  return typeof stored === 'string' ? stored : DEFAULT_TEMPLATE_ID;
}

export function preferTemplate(id: string): Promise<void> {
  return settings.set(NOTE_TEMPLATE_SETTING, id);
}
