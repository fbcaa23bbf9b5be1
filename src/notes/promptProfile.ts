/**
 * Prompt profiles: how much instruction a note model needs around the template and the transcript.
 *
 * - `full` (the default, every general model): the rules, the rioplatense glossary and a worked
 *   example (prompt.ts).
 * - `compact`: a few lines of system text, then the same request. For Escriba's own fine-tuned
 *   models (models/finetune), which learned the rules, the glossary and the format from thousands
 *   of examples: the long instructions would only cost a small model context window and time, and
 *   they were not in what it was trained on. A fine-tuned model is trained on exactly the messages
 *   this profile builds, so the catalogue entry that names the profile is the one the app uses.
 *
 * This module has no imports so the catalogue format (model-manager/catalogSchema.ts) can name the
 * profiles without pulling in the prompt.
 */
export const PROMPT_PROFILES = ['full', 'compact'] as const;
export type PromptProfile = (typeof PROMPT_PROFILES)[number];
export const DEFAULT_PROMPT_PROFILE: PromptProfile = 'full';
