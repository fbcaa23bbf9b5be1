/**
 * Messages between the note benchmark page (note-bench-page.ts) and its worker
 * (note-bench.worker.ts), which runs the note runtime with and without the grammar. The app's note
 * protocol (src/notes/engine/note.protocol.ts) always sends a schema, so the unconstrained side
 * of the comparison needs this worker; both sides of the comparison go through it, so they differ
 * only in the schema.
 */
import type { TransformersJsModel } from '../../src/model-manager/catalogSchema';
import type { NoteChatMessage, NoteDevice } from '../../src/notes/engine/noteEngine';
import { isRecord } from '../../src/shared/isRecord';

export interface BenchGeneration {
  messages: NoteChatMessage[];
  /** `null` generates freely: the runtime's own switch (transformersNoteRuntime.ts). */
  jsonSchema: object | null;
  maxTokens: number;
}

export type BenchRequest =
  | { type: 'load'; id: number; model: TransformersJsModel; device: NoteDevice }
  | { type: 'generate'; id: number; generation: BenchGeneration }
  | { type: 'dispose'; id: number };

export interface BenchRun {
  text: string;
  promptTokens: number;
  outputTokens: number;
  /** From the runtime: prefill and first token, after the chat template and the grammar matcher. */
  timeToFirstTokenMs: number;
  totalMs: number;
  /** The whole call inside the worker: chat template, tokenizing, grammar matcher (compiled on a schema's first use), generation. */
  wallMs: number;
  /** Under the grammar: whether the JSON ended before the token limit. */
  complete: boolean;
}

export type BenchReply =
  | { type: 'loaded'; id: number; loadMs: number }
  | { type: 'generated'; id: number; run: BenchRun }
  | { type: 'disposed'; id: number }
  | { type: 'error'; id: number; error: { name: string; message: string } };

const REPLY_TYPES = ['loaded', 'generated', 'disposed', 'error'];

/** Only the envelope is checked: both sides are this benchmark's own code, built together. */
export function isBenchReply(data: unknown): data is BenchReply {
  return isRecord(data) && typeof data.id === 'number' && REPLY_TYPES.includes(String(data.type));
}

export function isBenchRequest(data: unknown): data is BenchRequest {
  return isRecord(data) && typeof data.id === 'number' && ['load', 'generate', 'dispose'].includes(String(data.type));
}
