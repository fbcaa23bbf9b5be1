/**
 * The app's own note code, for the fine-tuning recipe (models/finetune). Python never
 * re-implements the prompt, the note schema or the grounding check: it asks this module, through
 * one Node process per batch (run.mjs: one JSON request per stdin line, one JSON answer per stdout
 * line, in order). So a training example is, by construction, the chat the app builds for that
 * transcript and template, and its target is a note the app accepts and does not flag.
 *
 * - `plan`: number the segments and plan the prompts exactly as generateNote.ts does (budget.ts,
 *   with the model's prompt profile): one prompt, or one per block of a long consultation.
 * - `answer`: validate a target note against the generation schema for those evidence ids,
 *   serialise it as the app would read it (schema key order, compact JSON), and ground it.
 * - `chat`: render messages with transformers.js' chat template for a tokenizer folder, as the
 *   app's transformers.js engine does, so Python can prove its training text is the same.
 * - `templates`: the built-in templates.
 * - `catalog`: check an exported catalogue with the app's own parser (problems in Spanish).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { parseCatalog } from '../../../src/model-manager/catalog';
import { resolveRelativeHosts } from '../../../src/model-manager/catalogSource';
import { planNotePrompts } from '../../../src/notes/budget';
import { groundNote } from '../../../src/notes/grounding';
import { noteSchemaFor, parseNote } from '../../../src/notes/noteSchema';
import type { ChatMessage, PromptTemplate } from '../../../src/notes/prompt';
import type { PromptProfile } from '../../../src/notes/promptProfile';
import { numberSegments } from '../../../src/notes/segmentRefs';
import { withRoles } from '../../../src/speech/roles/segmentRoles';
import type { SpeakerRole } from '../../../src/storage/types';
import { BUILT_IN_TEMPLATES } from '../../../src/notes/templates';
import { InvalidCatalogError } from '../../../src/shared/errors';

interface StoredSegment {
  id: string;
  text: string;
  startMs: number;
}

export type BridgeRequest =
  | {
      type: 'plan';
      id: string;
      template: PromptTemplate;
      segments: StoredSegment[];
      contextWindowTokens: number;
      outputReserveTokens?: number;
      profile?: PromptProfile;
    }
  | {
      type: 'answer';
      id: string;
      template: PromptTemplate;
      /** Evidence as prompt refs ("s3"). */
      note: unknown;
      /** The refs this prompt showed: evidence may cite only these (the grammar's enum). */
      evidenceIds: string[];
      /** The whole numbered transcript, in order, with the roles the plan gave, for grounding. */
      transcript: { ref: string; text: string; role?: SpeakerRole }[];
    }
  | { type: 'chat'; id: string; tokenizerDir: string; messages: ChatMessage[] }
  | { type: 'templates'; id: string }
  | { type: 'catalog'; id: string; catalog: unknown };

export type BridgeResponse = { id: string; ok: true; [key: string]: unknown } | { id: string; ok: false; error: string };

const tokenizers = new Map<string, PreTrainedTokenizer>();

function tokenizerFor(dir: string): PreTrainedTokenizer {
  let tokenizer = tokenizers.get(dir);
  if (!tokenizer) {
    const json = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
    tokenizer = new PreTrainedTokenizer(json('tokenizer.json'), json('tokenizer_config.json'));
    tokenizers.set(dir, tokenizer);
  }
  return tokenizer;
}

export function handle(request: BridgeRequest): BridgeResponse {
  switch (request.type) {
    case 'templates':
      return { id: request.id, ok: true, templates: BUILT_IN_TEMPLATES };
    case 'catalog':
      try {
        // A clinic catalogue names its own server as "/models/hub": the app resolves that first.
        parseCatalog(resolveRelativeHosts(request.catalog, 'http://localhost/'));
        return { id: request.id, ok: true, problems: [] };
      } catch (error) {
        if (error instanceof InvalidCatalogError) return { id: request.id, ok: true, problems: [...error.problems] };
        throw error;
      }
    case 'plan': {
      // As generateNote.ts: in time order, each segment with Escriba's guess of its speaker role.
      const numbered = numberSegments(withRoles([...request.segments].sort((a, b) => a.startMs - b.startMs)));
      const plan = planNotePrompts(request.template, numbered.segments, {
        contextWindowTokens: request.contextWindowTokens,
        ...(request.outputReserveTokens === undefined ? {} : { outputReserveTokens: request.outputReserveTokens }),
        ...(request.profile === undefined ? {} : { profile: request.profile }),
      });
      return {
        id: request.id,
        ok: true,
        refs: Object.fromEntries(numbered.idToRef),
        roles: Object.fromEntries(numbered.segments.map((s) => [s.ref, s.role ?? null])),
        blocks: plan.map((p) => ({ refs: p.segments.map((s) => s.ref), messages: p.messages, promptTokens: p.promptTokens })),
      };
    }
    case 'answer': {
      const checked = noteSchemaFor(request.template, { evidenceIds: request.evidenceIds }).safeParse(request.note);
      if (!checked.success) {
        const general = parseNote(request.note, request.template);
        const problems = general.ok ? checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : general.problems;
        return { id: request.id, ok: true, valid: false, problems, answer: null, review: [] };
      }
      const note = checked.data;
      const segments = request.transcript.map((s) => ({ id: s.ref, text: s.text, ...(s.role ? { role: s.role } : {}) }));
      const review = groundNote(note, segments, request.template).filter((f) => f.level === 'revisar');
      return { id: request.id, ok: true, valid: true, problems: [], answer: JSON.stringify(note), review };
    }
    case 'chat': {
      const tokenizer = tokenizerFor(request.tokenizerDir);
      const text = tokenizer.apply_chat_template(request.messages, { add_generation_prompt: true, tokenize: false });
      if (typeof text !== 'string') throw new TypeError('apply_chat_template did not return text');
      // transformers.js tokenizes a rendered chat without adding special tokens (the template has them).
      const ids = tokenizer.encode(text, { add_special_tokens: false });
      return { id: request.id, ok: true, text, ids };
    }
  }
}
