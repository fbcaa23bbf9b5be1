/**
 * What the rest of Escriba knows of note generation: one interface, implemented by the engines
 * inside the note worker (transformers.js, web-llm) and by `NoteClient`, their stand-in on the
 * main thread that forwards every call to the worker (invariant 3: the UI thread never does
 * inference). The note UI depends on this interface only, so tests can drive either side.
 *
 * Lifecycle: idle → loading (per-file bytes) → warming (one short generation, so the first real
 * note does not pay for shader compilation) → ready ⇄ generating | error.
 *
 * Generation is constrained by `jsonSchema` (noteSchema.ts `noteJsonSchema`): web-llm through its
 * `response_format`, transformers.js through a grammar in a logits processor. The text is still
 * validated by `parseNote` afterwards: the grammar guarantees shape, not clinical sense.
 */
import type { CatalogModel } from '../../model-manager/catalogSchema';

export type NotePhase = 'idle' | 'loading' | 'warming' | 'ready' | 'generating' | 'error';
export type NoteDevice = 'webgpu' | 'wasm';

export interface NoteFileProgress {
  /** Path inside the model repository, as in the catalogue (e.g. "onnx/model_q4.onnx"). */
  file: string;
  loadedBytes: number;
  totalBytes: number | null;
}

export interface NoteEngineStatus {
  phase: NotePhase;
  modelId?: string;
  /** The device actually in use. */
  device?: NoteDevice;
  /** Per-file bytes while loading (transformers.js, from the model store). */
  files: NoteFileProgress[];
  /** 0–1 while loading, when the engine reports only a fraction of the whole (web-llm). */
  progress?: number;
  error?: { name: string; message: string };
  /** What the doctor must read after the GPU failed and the engine recovered (Spanish). */
  notice?: string;
}

export interface NoteLoadRequest {
  model: CatalogModel;
  device: NoteDevice;
}

export interface NoteChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface NoteGenerationProgress {
  outputTokens: number;
  tokensPerSecond: number;
  /** Everything generated so far (not only the newest piece). */
  text: string;
}

export interface NoteGenerationRequest {
  /** The chat from prompt.ts `buildNotePrompt` (or one block's, from budget.ts). */
  messages: NoteChatMessage[];
  /** The JSON Schema the output must follow (noteSchema.ts `noteJsonSchema`). */
  jsonSchema: object;
  maxTokens: number;
  /** Aborting rejects the call with NoteGenerationCancelledError. */
  signal?: AbortSignal;
  onProgress?: (progress: NoteGenerationProgress) => void;
}

export interface NoteGenerationResult {
  /** The generated JSON text, not yet parsed nor validated. */
  text: string;
  promptTokens: number;
  outputTokens: number;
  timeToFirstTokenMs: number;
  totalMs: number;
}

export interface NoteEngine {
  /** Resolves when ready (after warm-up); rejects with a named error (NoteLoadError…). */
  load(request: NoteLoadRequest): Promise<NoteEngineStatus>;
  /** One generation at a time; rejects with NoteGenerationCancelledError on abort. */
  generate(request: NoteGenerationRequest): Promise<NoteGenerationResult>;
  getStatus(): NoteEngineStatus;
  /** Called on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: NoteEngineStatus) => void): () => void;
  /** Releases the model (and its GPU memory); the engine is idle afterwards. */
  dispose(): Promise<void>;
}
