/**
 * A document from a note, two ways. `generateDocument` asks the note model under the document's
 * JSON Schema, validates the answer (asking once more, with the problems stated, when it is not a
 * valid document: cut off at the token limit, or an empty required text), and runs the grounding
 * check against the note. `templateDocument` builds it from the note's fields with no model
 * (documentTemplate.ts). Nothing here stores anything.
 */
import { EscribaError } from '../../shared/errors';
import type { NoteFinding, NoteTemplate } from '../../storage/types';
import type { NoteEngine } from '../engine/noteEngine';
import type { ClinicalNote } from '../noteSchema';
import { groundDocument } from './documentGrounding';
import { buildDocumentPrompt } from './documentPrompt';
import { documentJsonSchema, parseDocument, type DocumentContent, type DocumentKind } from './documentSchema';
import { instructionsFromNote, letterFromNote } from './documentTemplate';

/** A patient sheet or a letter is short: past this the model is rambling, and the wait is bounded. */
export const MAX_DOCUMENT_OUTPUT_TOKENS = 1024;

/** The model's answer was not a valid document, twice (once more after being told why). */
export class InvalidDocumentAnswerError extends EscribaError {
  override name = 'InvalidDocumentAnswerError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}

export interface GeneratedDocument {
  document: DocumentContent;
  /** «Revisar» flags against the note. */
  findings: NoteFinding[];
}

export interface GenerateDocumentOptions {
  engine: Pick<NoteEngine, 'generate'>;
  kind: DocumentKind;
  note: ClinicalNote;
  template: Pick<NoteTemplate, 'name' | 'sections'>;
  signal?: AbortSignal;
  onProgress?: (progress: { outputTokens: number; tokensPerSecond: number; attempt: number }) => void;
}

export function templateDocument(kind: DocumentKind, note: ClinicalNote, template: Pick<NoteTemplate, 'sections'>): GeneratedDocument {
  const document: DocumentContent =
    kind === 'instrucciones' ? { kind, content: instructionsFromNote(note) } : { kind, content: letterFromNote(note, template) };
  return { document, findings: groundDocument(document, note) };
}

export async function generateDocument({ engine, kind, note, template, signal, onProgress }: GenerateDocumentOptions): Promise<GeneratedDocument> {
  const messages = buildDocumentPrompt(kind, note, template);
  const jsonSchema = documentJsonSchema(kind);
  let problems: string[] = [];
  for (let attempt = 1; attempt <= 2; attempt++) {
    signal?.throwIfAborted();
    const retry =
      problems.length > 0
        ? [{ role: 'user' as const, content: `Un intento anterior no fue válido: ${problems.slice(0, 4).join('; ')}. Escribir el documento de nuevo cumpliendo las reglas.` }]
        : [];
    const result = await engine.generate({
      messages: [...messages, ...retry],
      jsonSchema,
      maxTokens: MAX_DOCUMENT_OUTPUT_TOKENS,
      ...(signal ? { signal } : {}),
      onProgress: (p) => onProgress?.({ outputTokens: p.outputTokens, tokensPerSecond: p.tokensPerSecond, attempt }),
    });
    const parsed = parseAnswer(kind, result.text);
    if (parsed.ok) return { document: parsed.document, findings: groundDocument(parsed.document, note) };
    problems = result.outputTokens >= MAX_DOCUMENT_OUTPUT_TOKENS ? ['la respuesta se cortó por larga: escribir más breve', ...parsed.problems] : parsed.problems;
  }
  throw new InvalidDocumentAnswerError('El modelo no devolvió un documento válido', problems);
}

function parseAnswer(kind: DocumentKind, text: string): ReturnType<typeof parseDocument> {
  try {
    return parseDocument(kind, JSON.parse(text));
  } catch {
    return { ok: false, problems: ['la respuesta no es JSON completo'] };
  }
}
