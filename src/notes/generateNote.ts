/**
 * From a stored transcript to a checked note draft, on any NoteEngine: number the segments, plan
 * the prompts (one, or one per block of a long consultation: budget.ts), generate each under the
 * note's JSON Schema, validate, merge the partial notes, map evidence back to segment ids and run
 * the grounding check. Nothing here stores anything: the caller stores the result as one version,
 * so a cancel, a failure or a reload mid-way leaves no half-written note.
 *
 * An answer that is not a valid note (cut off at the token limit, or breaking a rule the grammar
 * cannot express) is asked for once more with its problems stated; a second failure is an
 * InvalidModelAnswerError, never a broken note on screen.
 *
 * `regenerateSection` asks for one section only: the same prompt for a template reduced to that
 * section, with the instruction to leave the lists empty, and merges only that section's text and
 * evidence into the current note.
 */
import type { NoteEngine, NoteGenerationResult } from './engine/noteEngine';
import { stripThinking } from './engine/thinking';
import { estimateTokens, planNotePrompts, type PlannedPrompt } from './budget';
import { EmptyTranscriptError, InvalidModelAnswerError, NoteContextError, UnknownSectionError } from './generateNoteErrors';
import { groundStoredNote } from './generateNoteGrounding';
import type { GroundingFinding } from './grounding';
import { mergeNotes } from './merge';
import { noteJsonSchema, parseNote, type ClinicalNote } from './noteSchema';
import type { ChatMessage, PromptTemplate, TranscriptPart } from './prompt';
import type { PromptProfile } from './promptProfile';
import { mapNoteEvidence, numberSegments, type PromptSegment } from './segmentRefs';
import { withRoles } from '../speech/roles/segmentRoles';
import type { TranscriptSegment } from '../storage/types';

/** An answer longer than this is a model rambling, not a note; it also bounds a wide window's wait. */
export const MAX_NOTE_OUTPUT_TOKENS = 3072;
/** One section's text with empty lists is a few hundred tokens; past this the model is rambling. */
export const MAX_SECTION_OUTPUT_TOKENS = 1024;
/** Problems quoted back to the model on the second attempt: enough to fix, few enough to fit. */
const RETRY_PROBLEMS = 4;

export type NotePhase = 'reading' | 'drafting' | 'verifying';

export interface NoteProgress {
  phase: NotePhase;
  /** Spanish, for the screen: "Leyendo la transcripción", "Redactando (parte 2 de 5)", "Verificando". */
  label: string;
  part?: TranscriptPart;
  /** 2 while a block is asked for again after an invalid answer. */
  attempt: number;
  /** Tokens of the answer being written now. */
  outputTokens: number;
  tokensPerSecond: number;
}

export interface BlockStats {
  part: TranscriptPart;
  segments: number;
  attempts: number;
  promptTokens: number;
  outputTokens: number;
  timeToFirstTokenMs: number;
  totalMs: number;
}

export interface GenerationStats {
  promptTokens: number;
  outputTokens: number;
  /** Until the first token of the first block. */
  timeToFirstTokenMs: number;
  /** Output tokens over decoding time (time to first token excluded), across blocks. */
  tokensPerSecond: number;
  totalMs: number;
  blocks: BlockStats[];
}

export interface GeneratedNote {
  /** Evidence is the app's segment ids. */
  note: ClinicalNote;
  findings: GroundingFinding[];
  stats: GenerationStats;
}

export type NoteTemplateInput = PromptTemplate;

export interface GenerateNoteOptions {
  engine: Pick<NoteEngine, 'generate'>;
  template: NoteTemplateInput;
  /** Stored segments; one without a speaker role is given Escriba's guess, as the transcript shows it. */
  segments: readonly (Pick<TranscriptSegment, 'id' | 'text' | 'startMs'> & Partial<Pick<TranscriptSegment, 'role' | 'roleSource'>>)[];
  contextWindowTokens: number;
  outputReserveTokens?: number;
  /** The model's prompt profile (its catalogue entry's `promptProfile`); `full` when not given. */
  promptProfile?: PromptProfile;
  signal?: AbortSignal;
  onProgress?: (progress: NoteProgress) => void;
}

export interface RegenerateSectionOptions extends GenerateNoteOptions {
  sectionId: string;
  /** The version being worked on (evidence = segment ids); everything but the section is kept. */
  current: ClinicalNote;
}

export function generateNote(options: GenerateNoteOptions): Promise<GeneratedNote> {
  const ask = { template: options.template, instruction: '', maxOutputTokens: MAX_NOTE_OUTPUT_TOKENS };
  return run(options, ask, (merged) => merged);
}

export function regenerateSection(options: RegenerateSectionOptions): Promise<GeneratedNote> {
  const section = options.template.sections.find((s) => s.id === options.sectionId);
  if (!section) return Promise.reject(new UnknownSectionError(`Sección inexistente: ${options.sectionId}`));
  const instruction = `Esta vez, redactar solo la sección «${section.title}» (${section.id}); dejar vacías todas las listas y los signos vitales en null.`;
  const ask = { template: { name: options.template.name, sections: [section] }, instruction, maxOutputTokens: MAX_SECTION_OUTPUT_TOKENS };
  return run(options, ask, (merged) => ({
    ...options.current,
    sections: { ...options.current.sections, [section.id]: merged.sections[section.id] ?? { text: '', evidence: [] } },
  }));
}

/** What to ask the model for: the template to fill, an extra instruction, and the answer's length cap. */
interface Ask {
  template: NoteTemplateInput;
  instruction: string;
  maxOutputTokens: number;
}

/** Progress with the per-answer figures defaulting to a fresh start. */
type Report = (progress: Pick<NoteProgress, 'phase' | 'label'> & Partial<NoteProgress>) => void;

async function run(
  options: GenerateNoteOptions,
  ask: Ask,
  finish: (merged: ClinicalNote) => ClinicalNote,
): Promise<GeneratedNote> {
  const { signal, onProgress } = options;
  const startedAt = performance.now();
  const report: Report = (progress) => onProgress?.({ attempt: 1, outputTokens: 0, tokensPerSecond: 0, ...progress });
  signal?.throwIfAborted();
  report({ phase: 'reading', label: 'Leyendo la transcripción' });

  const numbered = numberSegments(withRoles([...options.segments].sort((a, b) => a.startMs - b.startMs)));
  if (numbered.segments.length === 0) throw new EmptyTranscriptError('La consulta no tiene transcripción');
  const plan = planOrExplain(ask.template, numbered.segments, {
    // The extra instruction rides on every prompt: take its room from the window before planning.
    contextWindowTokens: options.contextWindowTokens - (ask.instruction ? estimateTokens(ask.instruction) + 2 : 0),
    outputReserveTokens: options.outputReserveTokens,
    profile: options.promptProfile,
  });

  const partials: ClinicalNote[] = [];
  const blocks: BlockStats[] = [];
  for (const [i, prompt] of plan.entries()) {
    const part = { index: i + 1, count: plan.length };
    const drafted = await draftBlock(ask, prompt, part, options, report);
    partials.push(drafted.note);
    blocks.push(drafted.stats);
  }

  signal?.throwIfAborted();
  report({ phase: 'verifying', label: 'Verificando' });
  const note = finish(mapNoteEvidence(mergeNotes(partials), numbered.refToId));
  const findings = groundStoredNote(note, options.segments, options.template);
  return { note, findings, stats: totals(blocks, performance.now() - startedAt) };
}

function planOrExplain(template: NoteTemplateInput, segments: readonly PromptSegment[], budget: Parameters<typeof planNotePrompts>[2]) {
  try {
    return planNotePrompts(template, segments, budget);
  } catch (error) {
    // budget.ts explains in Spanish why the window is too small; keep its words.
    if (error instanceof RangeError) throw new NoteContextError(error.message, { cause: error });
    throw error;
  }
}

async function draftBlock(
  { template, instruction, maxOutputTokens }: Ask,
  prompt: PlannedPrompt<PromptSegment>,
  part: TranscriptPart,
  options: GenerateNoteOptions,
  report: Report,
): Promise<{ note: ClinicalNote; stats: BlockStats }> {
  const label = part.count > 1 ? `Redactando (parte ${part.index} de ${part.count})` : 'Redactando';
  const jsonSchema = noteJsonSchema(template, { evidenceIds: prompt.segments.map((s) => s.ref) });
  const maxTokens = Math.max(
    Math.min(maxOutputTokens, options.contextWindowTokens - prompt.promptTokens),
    Math.min(maxOutputTokens, options.outputReserveTokens ?? 0),
  );
  const spent = { promptTokens: 0, outputTokens: 0, timeToFirstTokenMs: 0, totalMs: 0 };
  let problems: string[] = [];

  for (let attempt = 1; attempt <= 2; attempt++) {
    options.signal?.throwIfAborted();
    report({ phase: 'drafting', label: attempt === 1 ? label : `${label}: segundo intento`, part, attempt });
    const messages = withInstructions(prompt.messages, instruction, problems);
    const result: NoteGenerationResult = await options.engine.generate({
      messages,
      jsonSchema,
      maxTokens,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) =>
        report({ phase: 'drafting', label: attempt === 1 ? label : `${label}: segundo intento`, part, attempt, ...pick(p) }),
    });
    spent.promptTokens += result.promptTokens;
    spent.outputTokens += result.outputTokens;
    spent.timeToFirstTokenMs ||= result.timeToFirstTokenMs;
    spent.totalMs += result.totalMs;

    const parsed = parseAnswer(result.text, template);
    if (parsed.ok) return { note: parsed.note, stats: { part, segments: prompt.segments.length, attempts: attempt, ...spent } };
    problems = result.outputTokens >= maxTokens ? ['la respuesta se cortó por larga: escribir más breve', ...parsed.problems] : parsed.problems;
  }
  throw new InvalidModelAnswerError('El modelo no devolvió una nota válida', problems, part);
}

const pick = (p: { outputTokens: number; tokensPerSecond: number }) => ({ outputTokens: p.outputTokens, tokensPerSecond: p.tokensPerSecond });

/** The planned chat with the extra instruction, and on a retry what was wrong, added to the last user turn. */
function withInstructions(messages: readonly ChatMessage[], instruction: string, problems: readonly string[]): ChatMessage[] {
  const extra = [
    instruction,
    problems.length > 0
      ? `Un intento anterior no fue válido: ${problems.slice(0, RETRY_PROBLEMS).join('; ')}. Escribir la nota de nuevo cumpliendo las reglas.`
      : '',
  ].filter(Boolean);
  if (extra.length === 0) return [...messages];
  const last = messages.length - 1;
  return messages.map((m, i) => (i === last ? { ...m, content: `${m.content}\n${extra.join('\n')}` } : m));
}

type ParsedAnswer = { ok: true; note: ClinicalNote } | { ok: false; problems: string[] };

function parseAnswer(text: string, template: NoteTemplateInput): ParsedAnswer {
  let value: unknown;
  try {
    // Engines remove a thinking block already; parsing never sees one whatever an engine did.
    value = JSON.parse(stripThinking(text));
  } catch {
    return { ok: false, problems: ['la respuesta no es JSON completo'] };
  }
  return parseNote(value, template);
}

function totals(blocks: readonly BlockStats[], totalMs: number): GenerationStats {
  const sum = (key: 'promptTokens' | 'outputTokens') => blocks.reduce((n, b) => n + b[key], 0);
  const decodingMs = blocks.reduce((n, b) => n + Math.max(0, b.totalMs - b.timeToFirstTokenMs), 0);
  const outputTokens = sum('outputTokens');
  return {
    promptTokens: sum('promptTokens'),
    outputTokens,
    timeToFirstTokenMs: blocks[0]?.timeToFirstTokenMs ?? 0,
    tokensPerSecond: decodingMs > 0 ? (outputTokens * 1000) / decodingMs : 0,
    totalMs,
    blocks: [...blocks],
  };
}
