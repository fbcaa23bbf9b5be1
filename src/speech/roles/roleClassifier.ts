/**
 * Who said a segment: its own words (roleCues.ts) plus turn-taking — a consultation alternates
 * between the doctor and the other side, a question is followed by its answer, the doctor opens.
 * It reads only the segments before this one, so the role given when a segment is stored is the
 * role the same segments would get again later, and the doctor's corrections of earlier segments
 * steer the guesses after them.
 *
 * When the best role does not beat the next by MIN_MARGIN the segment is «sin asignar»: a wrong
 * label is worse than none, for the doctor reading and for the grounding check that trusts it.
 *
 * Deliberately cheap and offline: no model, no audio. One speaker's voice would tell speakers apart
 * better, but Whisper's segments carry no speaker features and an enrolled voice profile is a
 * project of its own; per-line text cues reach the accuracy measured in roleAccuracy.test.ts.
 */
import type { SpeakerRole } from '../../storage/types';
import { textEvidence, type RoleScores, type ScoredRole } from './roleCues';
import { roleText } from './roleText';

/** A segment already placed: its words and its role (auto or the doctor's). */
export interface RoleTurn {
  text: string;
  role: SpeakerRole;
}

export interface RoleGuess {
  role: SpeakerRole;
  /** Points between the best role and the next; below MIN_MARGIN the guess is «sin asignar». */
  margin: number;
  cues: string[];
}

/** How many earlier segments the prior reads: enough to know whether a companion is speaking. */
export const ROLE_HISTORY_SEGMENTS = 6;
export const MIN_MARGIN = 0.5;

/** The doctor usually opens the visit. */
const FIRST_TURN_DOCTOR = 1;
/** After the doctor's question, the answer: the doctor rarely asks and answers. */
const AFTER_DOCTOR_QUESTION = -1.5;
/** The doctor often says several things in a row (an exam, a plan). */
const DOCTOR_CONTINUES = 0.3;
/** After the patient or companion, the doctor usually speaks; after their question, almost always. */
const AFTER_OTHER = 1.5;
const AFTER_OTHER_QUESTION = 2;
/** The same non-doctor keeps talking to the doctor (a patient's long account, a mother's). */
const OTHER_CONTINUES = 0.6;
/** No companion has spoken or been named: a companion needs words of its own. */
const NO_COMPANION_YET = -1.5;

const SCORED: readonly ScoredRole[] = ['médico', 'paciente', 'acompañante'];

function lastKnown(history: readonly RoleTurn[]): RoleTurn | undefined {
  return history.at(-1);
}

/** Kin a companion calls the patient by: «¿no, mamá?» asks the patient, not the doctor. */
const KIN_VOCATIVE = /,\s*(mamá|mama|papá|papa|abuela|abuelo|gordo|gorda|amor|hijo|hija|vieja|viejo)\s*\?\s*$/i;

function asksTheDoctor(text: string): boolean {
  return roleText(text).question && !KIN_VOCATIVE.test(text);
}

function turnPrior(history: readonly RoleTurn[], companionHere: boolean): RoleScores {
  const prior: RoleScores = { médico: 0, paciente: 0, acompañante: 0 };
  const previous = lastKnown(history);
  if (!previous) prior.médico += FIRST_TURN_DOCTOR;
  else if (previous.role === 'médico') prior.médico += roleText(previous.text).question ? AFTER_DOCTOR_QUESTION : DOCTOR_CONTINUES;
  else if (previous.role !== 'sin asignar') prior.médico += asksTheDoctor(previous.text) ? AFTER_OTHER_QUESTION : AFTER_OTHER;
  const lastOther = [...history].reverse().find((t) => t.role === 'paciente' || t.role === 'acompañante');
  if (lastOther?.role === 'paciente' || lastOther?.role === 'acompañante') prior[lastOther.role] += OTHER_CONTINUES;
  if (!companionHere) prior.acompañante += NO_COMPANION_YET;
  return prior;
}

/** The role of a segment saying `text`, after `history` (earlier segments, oldest first). */
export function classifyRole(text: string, history: readonly RoleTurn[]): RoleGuess {
  const evidence = textEvidence(roleText(text));
  const recent = history.slice(-ROLE_HISTORY_SEGMENTS);
  const companionHere = evidence.companion || recent.some((t) => t.role === 'acompañante');
  const prior = turnPrior(recent, companionHere);
  const ranked = SCORED.map((role) => ({ role, score: evidence.scores[role] + prior[role] })).sort((a, b) => b.score - a.score);
  const [best, second] = ranked as [{ role: ScoredRole; score: number }, { role: ScoredRole; score: number }];
  const margin = best.score - second.score;
  return { role: margin >= MIN_MARGIN ? best.role : 'sin asignar', margin, cues: evidence.cues };
}

/** Roles for a whole transcript in order, each read after the ones before it (as they were stored). */
export function classifyTranscript(texts: readonly string[]): RoleGuess[] {
  const history: RoleTurn[] = [];
  return texts.map((text) => {
    const guess = classifyRole(text, history);
    history.push({ text, role: guess.role });
    return guess;
  });
}
