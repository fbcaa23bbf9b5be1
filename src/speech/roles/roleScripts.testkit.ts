/**
 * The consultation scripts in fixtures/: one segment per line, `M: ` (médico), `P: ` (paciente) or
 * `A: ` (acompañante) before its words, as a hand-labelled reference. fixtures/*.txt were used
 * while choosing the cues; fixtures/heldout/*.txt were written at the same time and only measured.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { SpeakerRole } from '../../storage/types';

export interface ScriptLine {
  role: SpeakerRole;
  text: string;
}

export interface RoleScript {
  name: string;
  lines: ScriptLine[];
}

const PREFIXES: Record<string, SpeakerRole> = { M: 'médico', P: 'paciente', A: 'acompañante' };
const FIXTURES = new URL('./fixtures/', import.meta.url);

/** Parses one script; throws on a line without a known speaker prefix. */
export function parseScript(name: string, content: string): RoleScript {
  const lines = content
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const match = /^([MPA]):\s+(.+)$/.exec(line);
      const role = match && PREFIXES[match[1] ?? ''];
      if (!match || !role) throw new Error(`${name}:${i + 1}: no M:/P:/A: prefix`);
      return { role, text: match[2] ?? '' };
    });
  return { name, lines };
}

function readScripts(folder: URL): RoleScript[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => parseScript(file, readFileSync(new URL(file, folder), 'utf8')));
}

export const devScripts = (): RoleScript[] => readScripts(FIXTURES);
export const heldOutScripts = (): RoleScript[] => readScripts(new URL('heldout/', FIXTURES));
