/**
 * "Generar nota" and "Regenerar sección" for one consultation: load the text model if needed, run
 * the generation (notes/generateNote.ts), store the result as one new version. The job lives in
 * memory only: a reload or leaving the consultation cancels it and stores nothing, so the
 * transcript and earlier versions stay exactly as they were and the doctor can simply generate
 * again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { generateNote, regenerateSection, type GeneratedNote, type GenerationStats, type NoteProgress } from '../notes/generateNote';
import { noteErrorMessage } from '../notes/generateNoteErrors';
import { EscribaError } from '../shared/errors';
import type { ClinicalNote } from '../notes/noteSchema';
import type { PromptProfile } from '../notes/promptProfile';
import { notes, type NoteTemplateSnapshot, type NoteVersion, type TranscriptSegment } from '../storage';
import { loadedEngine, useNoteEngine } from './noteEngineContext';

export type NoteJob =
  | { kind: 'idle' }
  | {
      kind: 'running';
      /** Null for a whole note; the section's id when regenerating one. */
      sectionId: string | null;
      /** Loading the model, or writing (with the generation's own progress). */
      progress: NoteProgress | null;
    }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }
  | { kind: 'done'; stats: GenerationStats; version: number };

export interface NoteGeneration {
  job: NoteJob;
  generate(template: NoteTemplateSnapshot, segments: readonly TranscriptSegment[]): void;
  regenerate(base: NoteVersion, note: ClinicalNote, template: NoteTemplateSnapshot, sectionId: string, segments: readonly TranscriptSegment[]): void;
  cancel(): void;
  dismiss(): void;
}

export function useNoteGeneration(encounterId: string): NoteGeneration {
  const access = useNoteEngine();
  const [job, setJob] = useState<NoteJob>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  // The latest access, for a job that outlives the render that started it.
  const engineAccess = useRef(access);
  engineAccess.current = access;

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    (sectionId: string | null, write: (signal: AbortSignal, onProgress: (p: NoteProgress) => void, ctx: RunContext) => Promise<Stored>) => {
      if (controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      setJob({ kind: 'running', sectionId, progress: null });
      const onProgress = (progress: NoteProgress) => {
        if (!abort.signal.aborted) setJob({ kind: 'running', sectionId, progress });
      };
      void (async () => {
        try {
          const current = engineAccess.current;
          const engine = await loadedEngine(current, abort.signal);
          if (!engine || current.availability.kind !== 'available') throw new NoModelForNotesError();
          const context: RunContext = {
            engine,
            modelId: current.availability.model.id,
            contextWindowTokens: current.availability.contextWindowTokens,
            promptProfile: current.availability.model.promptProfile,
          };
          const { version, stats } = await write(abort.signal, onProgress, context);
          setJob({ kind: 'done', stats, version: version.version });
        } catch (error) {
          setJob(abort.signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', message: messageFor(error) });
        } finally {
          if (controller.current === abort) controller.current = null;
        }
      })();
    },
    [],
  );

  const generate = useCallback<NoteGeneration['generate']>(
    (template, segments) =>
      run(null, async (signal, onProgress, { engine, modelId, contextWindowTokens, promptProfile }) => {
        const result = await generateNote({ engine, template, segments, contextWindowTokens, promptProfile, signal, onProgress });
        signal.throwIfAborted();
        return store(result, () => notes.addModelDraft(encounterId, result.note, { modelId, template, grounding: result.findings }));
      }),
    [encounterId, run],
  );

  const regenerate = useCallback<NoteGeneration['regenerate']>(
    (base, note, template, sectionId, segments) =>
      run(sectionId, async (signal, onProgress, { engine, modelId, contextWindowTokens, promptProfile }) => {
        const result = await regenerateSection({
          engine,
          template,
          segments,
          contextWindowTokens,
          promptProfile,
          signal,
          onProgress,
          sectionId,
          current: note,
        });
        signal.throwIfAborted();
        return store(result, () =>
          notes.addModelDraft(encounterId, result.note, {
            modelId,
            template,
            grounding: result.findings,
            regeneratedSection: sectionId,
            // The doctor may have edited meanwhile: never overwrite that with an older base.
            basedOn: base.version,
          }),
        );
      }),
    [encounterId, run],
  );

  return {
    job,
    generate,
    regenerate,
    cancel: useCallback(() => controller.current?.abort(), []),
    dismiss: useCallback(() => setJob((j) => (j.kind === 'running' ? j : { kind: 'idle' })), []),
  };
}

interface RunContext {
  engine: NonNullable<Awaited<ReturnType<typeof loadedEngine>>>;
  modelId: string;
  contextWindowTokens: number;
  /** The model's own prompt profile (a fine-tune's `compact`), from its catalogue entry. */
  promptProfile: PromptProfile | undefined;
}

interface Stored {
  version: NoteVersion;
  stats: GenerationStats;
}

async function store(result: GeneratedNote, write: () => Promise<NoteVersion>): Promise<Stored> {
  return { version: await write(), stats: result.stats };
}

/** The text model went away between the click and the start (uninstalled in Modelos, another choice). */
class NoModelForNotesError extends EscribaError {
  override name = 'NoModelForNotesError';
}

function messageFor(error: unknown): string {
  if (error instanceof NoModelForNotesError) return 'Para redactar notas, instale un modelo de texto en Modelos.';
  return noteErrorMessage(error);
}
