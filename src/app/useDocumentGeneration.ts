/**
 * "Generar" for a document: with the note model (loaded if needed, generateDocument) or with the
 * template (no model), stored as one new version of that document. One job at a time per
 * consultation screen, in memory only: leaving the screen cancels it and stores nothing. When the
 * model's answer cannot be used, the failure says so and offers the template for the same document.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { generateDocument, templateDocument } from '../notes/documents/generateDocument';
import { DOCUMENT_TITLES, type DocumentKind } from '../notes/documents/documentSchema';
import { NoteGenerationCancelledError } from '../shared/errors';
import { documents } from '../storage';
import type { DocumentSource } from './documentSource';
import { documentErrorMessage } from './documentErrors';
import { loadedEngine, useNoteEngine } from './noteEngineContext';

export type DocumentWay = 'model' | 'template';

export type DocumentJob =
  | { kind: 'idle' }
  | { kind: 'running'; document: DocumentKind; way: DocumentWay; label: string }
  | { kind: 'failed'; document: DocumentKind; message: string; offerTemplate: boolean }
  | { kind: 'cancelled'; document: DocumentKind }
  | { kind: 'done'; document: DocumentKind; version: number; way: DocumentWay };

export interface DocumentGeneration {
  job: DocumentJob;
  generate(kind: DocumentKind, way: DocumentWay, source: DocumentSource): void;
  cancel(): void;
  dismiss(): void;
}

export function useDocumentGeneration(encounterId: string): DocumentGeneration {
  const access = useNoteEngine();
  const [job, setJob] = useState<DocumentJob>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const engineAccess = useRef(access);
  engineAccess.current = access;

  useEffect(() => () => controller.current?.abort(), []);

  const generate = useCallback(
    (kind: DocumentKind, way: DocumentWay, source: DocumentSource) => {
      if (controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      const title = DOCUMENT_TITLES[kind];
      const running = (label: string) => !abort.signal.aborted && setJob({ kind: 'running', document: kind, way, label });
      running(way === 'model' ? 'Preparando el modelo de texto' : 'Armando el documento con los datos de la nota');
      const origin = { noteVersion: source.version.version, fromSignedNote: source.signed };
      void (async () => {
        try {
          let stored;
          if (way === 'template') {
            const { document } = templateDocument(kind, source.note, source.template);
            stored = await documents.add(encounterId, kind, document.content, { author: 'template', ...origin });
          } else {
            const current = engineAccess.current;
            const engine = await loadedEngine(current, abort.signal);
            if (!engine || current.availability.kind !== 'available') throw new NoDocumentModelError(title);
            running(`Redactando «${title}»`);
            const { document } = await generateDocument({
              engine,
              kind,
              note: source.note,
              template: source.template,
              signal: abort.signal,
              onProgress: (p) => running(`Redactando «${title}»${p.attempt > 1 ? ': segundo intento' : ''} · ${p.outputTokens} tokens`),
            });
            abort.signal.throwIfAborted();
            stored = await documents.add(encounterId, kind, document.content, { author: 'model', modelId: current.availability.model.id, ...origin });
          }
          setJob({ kind: 'done', document: kind, version: stored.version, way });
        } catch (error) {
          if (abort.signal.aborted || error instanceof NoteGenerationCancelledError) setJob({ kind: 'cancelled', document: kind });
          else {
            setJob({
              kind: 'failed',
              document: kind,
              message: error instanceof NoDocumentModelError ? 'Para redactar con un modelo, instale un modelo de texto en Modelos; o use la plantilla.' : documentErrorMessage(error),
              offerTemplate: way === 'model',
            });
          }
        } finally {
          if (controller.current === abort) controller.current = null;
        }
      })();
    },
    [encounterId],
  );

  return {
    job,
    generate,
    cancel: useCallback(() => controller.current?.abort(), []),
    dismiss: useCallback(() => setJob((j) => (j.kind === 'running' ? j : { kind: 'idle' })), []),
  };
}

/** The text model went away between the click and the start. */
class NoDocumentModelError extends Error {
  override name = 'NoDocumentModelError';
}

