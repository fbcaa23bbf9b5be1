/**
 * The note panel's decisions, apart from its layout: when "Generar nota" is blocked and why, what
 * the status line says, which items carry a "Revisar" mark, and the template actions.
 */
import { createElement, type ReactNode } from 'react';
import type { GroundingFinding } from '../notes/grounding';
import type { ClinicalNote } from '../notes/noteSchema';
import type { NoteEngineStatus } from '../notes/engine/noteEngine';
import { noteErrorMessage } from '../notes/generateNoteErrors';
import { templates, InvalidTemplateError, type NoteFinding, type NoteTemplateSnapshot, type NoteVersion } from '../storage';
import type { NoteRunView } from '../ui/NoteGenerateBar';
import { noteGroups, noteSections } from '../ui/NoteLines';
import type { TemplateActions } from '../ui/TemplateManager';
import type { NoteEngineAvailability } from './noteEngineContext';
import type { NoteJob } from './useNoteGeneration';
import { MODELS_HREF } from './useHashRoute';

interface BlockInput {
  availability: NoteEngineAvailability;
  segments: number;
  signed: boolean;
  editing: boolean;
}

/**
 * Why a note cannot be generated now, or null. Recording does not block: a note from what is
 * transcribed so far is useful mid-visit, and the doctor can generate again after "Detener".
 */
export function blockedReason({ availability, segments, signed, editing }: BlockInput): ReactNode | null {
  if (signed) return 'La nota está firmada. Para cambiarla, use «Agregar corrección».';
  if (editing) return 'Guarde o cancele la edición antes de generar.';
  switch (availability.kind) {
    case 'checking':
      return 'Buscando el modelo de texto…';
    case 'no-model':
      return createElement('span', null, 'Para redactar notas, instale un modelo de texto en ', createElement('a', { href: MODELS_HREF }, 'Modelos'), '.');
    case 'unavailable':
      return availability.message;
    case 'available':
      return segments === 0 ? 'Todavía no hay transcripción para redactar la nota.' : null;
  }
}

const decimal = (value: number, digits = 1) => value.toFixed(digits).replace('.', ',');

export function runView(job: NoteJob, status: NoteEngineStatus, template: Pick<NoteTemplateSnapshot, 'sections'>): NoteRunView {
  if (job.kind !== 'running') return { label: '', detail: null };
  const section = job.sectionId && template.sections.find((s) => s.id === job.sectionId)?.title;
  const prefix = section ? `Sección «${section}»: ` : '';
  const progress = job.progress;
  if (!progress) return { label: `${prefix}${loadingLabel(status)}`, detail: null };
  const detail = progress.outputTokens > 0 ? `${progress.outputTokens} tokens · ${decimal(progress.tokensPerSecond)} tokens/s` : null;
  return { label: `${prefix}${progress.label}`, detail };
}

function loadingLabel(status: NoteEngineStatus): string {
  if (status.phase === 'warming') return 'Preparando el modelo de texto';
  if (status.phase !== 'loading') return 'Preparando';
  const total = status.files.reduce((n, f) => n + (f.totalBytes ?? 0), 0);
  const loaded = status.files.reduce((n, f) => n + f.loadedBytes, 0);
  // web-llm reports only a fraction of the whole; transformers.js, bytes per file.
  const fraction = status.progress ?? (total > 0 ? loaded / total : null);
  return fraction === null ? 'Cargando el modelo de texto' : `Cargando el modelo de texto (${Math.floor(fraction * 100)} %)`;
}

export function outcomeText(job: NoteJob, recording: boolean): string | null {
  if (job.kind === 'cancelled') return 'Generación cancelada. No se guardó nada.';
  if (job.kind === 'done') {
    const { stats } = job;
    return `Versión ${job.version} guardada: ${stats.outputTokens} tokens en ${decimal(stats.totalMs / 1000, 0)} s · ${decimal(stats.tokensPerSecond)} tokens/s.`;
  }
  return recording ? 'La grabación sigue: la nota usará lo transcripto hasta ahora.' : null;
}

/**
 * The "Revisar" marks for a version, by grounding path. None on a signed version: the doctor has
 * decided (what a copy must still carry is `openFlags`'s concern). On a doctor's version, an item
 * that cites nothing is one they wrote themselves, not an invention to catch; an item still citing
 * the transcript is checked like the model's.
 */
export function reviewsFor(
  version: NoteVersion | undefined,
  note: ClinicalNote | null,
  findings: readonly GroundingFinding[],
): ReadonlyMap<string, NoteFinding> {
  if (!version || version.signedAt !== undefined) return new Map();
  return flaggedItems(version, note, findings);
}

/**
 * The flags that stay open in a copy of `version`: on a draft, every "Revisar" mark; on a signed
 * version, those the doctor did not confirm one by one when signing — all of them on a version
 * signed before confirmations were asked for, since nobody confirmed those.
 */
export function openFlags(version: NoteVersion, note: ClinicalNote, findings: readonly GroundingFinding[]): NoteFinding[] {
  const flagged = [...flaggedItems(version, note, findings).values()];
  if (version.signedAt === undefined) return flagged;
  const confirmed = new Set(version.reviewConfirmations?.map((f) => f.path));
  return flagged.filter((f) => !confirmed.has(f.path));
}

function flaggedItems(version: NoteVersion, note: ClinicalNote | null, findings: readonly GroundingFinding[]): Map<string, NoteFinding> {
  const reviews = new Map<string, NoteFinding>();
  if (!note) return reviews;
  const evidence = new Map<string, readonly string[]>();
  if (version.author === 'clinician') {
    for (const { line } of noteSections(note, { sections: [] })) evidence.set(line.path, line.evidence);
    for (const group of noteGroups(note)) for (const line of group.lines) evidence.set(line.path, line.evidence);
  }
  for (const finding of findings) {
    if (finding.level !== 'revisar') continue;
    if (version.author === 'clinician' && evidence.get(finding.path)?.length === 0) continue;
    reviews.set(finding.path, finding);
  }
  return reviews;
}

async function problemsOf(action: () => Promise<unknown>): Promise<string[] | null> {
  try {
    await action();
    return null;
  } catch (error) {
    return error instanceof InvalidTemplateError ? [...error.problems] : [noteErrorMessage(error)];
  }
}

export const templateActions: TemplateActions = {
  create: (draft) => problemsOf(() => templates.create(draft)),
  update: (id, draft) => problemsOf(() => templates.update(id, draft)),
  duplicate: (id) => problemsOf(() => templates.duplicate(id)),
  remove: (id) => problemsOf(() => templates.delete(id)),
};
