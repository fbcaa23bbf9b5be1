/**
 * The grounding check: deterministic, no model. For every item of a note it asks whether the
 * transcript segments the item cites exist and say what the item says — the drug, the substance,
 * the diagnosis, the study, and every number with its unit (dose, frequency, duration, blood
 * pressure, temperature…). An item that fails is "revisar" with a Spanish reason the doctor can act
 * on ("«amoxicilina» no se menciona en s2 (sí en s5)"); nothing is dropped or changed here.
 *
 * Strictness follows the harm an invention does: every word of a drug or allergy name must have
 * been said (a drug by its generic or a brand of it: "Amoxidal" for "Amoxicilina", drugBrands.ts); diagnoses, studies and referrals need at least half their key terms (doctors name
 * them loosely: "una placa de tórax" for "Radiografía de tórax"); every number anywhere must have
 * been said; narrative text needs evidence and its numbers; patient instructions and the follow-up
 * need half their content words, said in any verb form ("tomá mucho líquido" for "Tomar abundante
 * líquido", instructionTerms.ts).
 *
 * It also reads the cited segments clinically, clause by clause (clauses.ts), because a word said is
 * not a fact stated: a denied finding ("fiebre no tuve", "¿Alergias?" / "No, ninguna") or a question
 * does not ground an item (mentions.ts, allergyGrounding.ts, sectionFindings.ts), a side must be the
 * side said (laterality.ts), a dose must be said for its own drug and an action must not contradict
 * "dejamos el ibuprofeno" (medicationGrounding.ts), and a certainty must match "descartamos…"
 * (diagnosisCertainty.ts), and a pertinent negative must be denied where it is cited, never affirmed
 * (negativeGrounding.ts). Segments are given in transcript order: an answer is read in the segment
 * after its question.
 *
 * Speaker roles (speech/roles), when given, make it stricter, never looser: the doctor's next
 * segment does not answer the doctor's question, the doctor's unmarked «¿desde cuándo…?» is still a
 * question, and the patient's denial outweighs the doctor naming the same finding as present.
 */
import type { NoteTemplate, SpeakerRole } from '../storage/types';
import { VITAL_KEYS, type ClinicalNote, type Medication } from './noteSchema';
import { describeQuantity, quantitiesIn, quantitiesSaid, unmatchedQuantities } from './quantities';
import { foldText } from './spanishNumbers';
import { keyTerms, saidText, termSaid, termsNotSaid, type SaidText } from './terms';
import { vitalCheck } from './groundingVitals';
import { tabletDoses } from './tabletDoses';
import { drugTermSaid, genericTerms } from './drugBrands';
import { allergyCheck } from './allergyGrounding';
import { splitClauses, transcriptClauses, type TranscriptSegmentClauses } from './clauses';
import { certaintyCheck } from './diagnosisCertainty';
import { lateralityCheck } from './laterality';
import { askedMedicationCheck, medicationCheck } from './medicationGrounding';
import { deniedFindingTerms, negativeCheck } from './negativeGrounding';
import { formsOfTerms, mentionsOf, type Transcript } from './mentions';
import { sectionFindingsCheck } from './sectionFindings';
import { followUpTerms, instructionTermSaid, instructionTerms } from './instructionTerms';
import { instructionPolarityCheck } from './instructionPolarity';

export type GroundingLevel = 'ok' | 'revisar';

export interface GroundingFinding {
  /** Where the item is in the note: "medications.0", "vitals.temperature", "sections.plan", "followUp". */
  path: string;
  /** What the item is, in Spanish, for a list of findings: "Medicamento: Ibuprofeno". */
  label: string;
  level: GroundingLevel;
  /** Spanish: what supports it, or what the doctor should check. */
  reason: string;
}

/**
 * A transcript segment as grounding sees it: the id the note cites (prompt ref or stored id), its
 * text and, when known, who said it. `groundNote` takes them in transcript order.
 */
export interface GroundingSegment {
  id: string;
  text: string;
  role?: SpeakerRole;
}

interface Context {
  byId: ReadonlyMap<string, string>;
  said: ReadonlyMap<string, SaidText>;
  transcript: Transcript;
}

/**
 * Checks every item of `note` against `segments`; one finding per item (empty sections are
 * skipped). With the template, section findings are labelled by their titles.
 */
export function groundNote(
  note: ClinicalNote,
  segments: readonly GroundingSegment[],
  template?: Pick<NoteTemplate, 'sections'>,
): GroundingFinding[] {
  const titles = new Map(template?.sections.map((s) => [s.id, s.title]));
  const clauses = transcriptClauses(segments);
  const context: Context = {
    byId: new Map(segments.map((s) => [s.id, s.text])),
    said: new Map(segments.map((s) => [s.id, saidText(s.text)])),
    transcript: { byId: clauses, byOrder: [...clauses.values()] },
  };
  const noteDrugs = [...note.medications.map((m) => m.name), ...note.allergies.map((a) => a.substance)].flatMap((name) =>
    genericTerms(name).slice(0, 1),
  );
  const findings: GroundingFinding[] = [];
  const add = (path: string, label: string, evidence: readonly string[], check: (cited: Cited) => string[]) =>
    findings.push(judge(context, path, label, evidence, check));

  for (const [id, section] of Object.entries(note.sections)) {
    if (!section.text.trim()) continue;
    const label = `Sección «${titles.get(id) ?? id}»`;
    add(`sections.${id}`, label, section.evidence, (cited) => [
      ...numbersSaid('el texto', section.text, cited),
      ...sectionFindingsCheck(section.text, cited.segments, context.transcript),
      ...splitClauses(section.text).flatMap((clause) => lateralityCheck(clause.text, cited.segments)),
    ]);
  }
  note.medications.forEach((m, i) =>
    add(`medications.${i}`, `Medicamento: ${m.name}`, m.evidence, (cited) => [
      ...allTermsSaid(context, m.name, genericTerms(m.name), cited, drugTermSaid),
      ...numbersSaid('el nombre', m.name, cited),
      ...medicationNumbers(m, noteDrugs, cited),
      ...medicationAsked(m, cited, context.transcript),
    ]),
  );
  note.allergies.forEach((a, i) =>
    add(`allergies.${i}`, `Alergia: ${a.substance}`, a.evidence, (cited) => [
      ...allTermsSaid(context, a.substance, genericTerms(a.substance), cited, drugTermSaid),
      ...(a.reaction ? halfTermsSaid(context, a.reaction, keyTerms(a.reaction), cited) : []),
      ...allergyCheck(genericTerms(a.substance), cited.segments, context.transcript),
    ]),
  );
  note.pertinentNegatives.forEach((n, i) => {
    const terms = deniedFindingTerms(n.text);
    add(`pertinentNegatives.${i}`, `Negativo: ${n.text}`, n.evidence, (cited) => {
      const said = halfTermsSaid(context, n.text, terms, cited);
      return said.length > 0 ? said : negativeCheck(terms, cited.segments, context.transcript);
    });
  });
  note.diagnoses.forEach((d, i) =>
    add(`diagnoses.${i}`, `Diagnóstico: ${d.text}`, d.evidence, (cited) => [
      ...halfTermsSaid(context, d.text, keyTerms(d.text), cited),
      ...numbersSaid('el diagnóstico', d.text, cited),
      ...certaintyCheck(d.certainty, mentionsOf(formsOfTerms(keyTerms(d.text)), cited.segments, context.transcript)),
      ...lateralityCheck(d.text, cited.segments),
    ]),
  );
  for (const key of VITAL_KEYS) {
    const vital = note.vitals[key];
    if (vital) add(`vitals.${key}`, VITAL_LABELS[key], vital.evidence, (cited) => vitalCheck(key, vital, cited.text, cited.refs));
  }
  note.orders.forEach((o, i) =>
    add(`orders.${i}`, `Estudio: ${o.text}`, o.evidence, (cited) => [
      ...halfTermsSaid(context, o.text, keyTerms(o.text), cited),
      ...numbersSaid('el estudio', o.text, cited),
      ...lateralityCheck(o.text, cited.segments),
    ]),
  );
  note.referrals.forEach((r, i) =>
    add(`referrals.${i}`, `Derivación: ${r.specialty}`, r.evidence, (cited) => [
      ...halfTermsSaid(context, r.specialty, keyTerms(r.specialty), cited),
      ...numbersSaid('el motivo', r.reason, cited),
    ]),
  );
  if (note.followUp) {
    const { text } = note.followUp;
    add('followUp', 'Control', note.followUp.evidence, (cited) => [
      ...instructionSaid(context, text, followUpTerms(text), cited),
      ...numbersSaid('el control', text, cited),
    ]);
  }
  note.patientInstructions.forEach((p, i) =>
    add(`patientInstructions.${i}`, `Indicación: ${p.text}`, p.evidence, (cited) => [
      ...instructionSaid(context, p.text, instructionTerms(p.text), cited),
      ...instructionPolarityCheck(p.text, instructionTerms(p.text), cited.segments, context.transcript),
      ...numbersSaid('la indicación', p.text, cited),
    ]),
  );
  return findings;
}

/** The findings that need the doctor's eye. */
export function toReview(findings: readonly GroundingFinding[]): GroundingFinding[] {
  return findings.filter((finding) => finding.level === 'revisar');
}

export const VITAL_LABELS: Record<(typeof VITAL_KEYS)[number], string> = {
  bloodPressure: 'Presión arterial',
  heartRate: 'Frecuencia cardíaca',
  respiratoryRate: 'Frecuencia respiratoria',
  temperature: 'Temperatura',
  spo2: 'Saturación de oxígeno',
  weight: 'Peso',
  height: 'Talla',
};

/** The cited segments that exist, as one text. */
interface Cited {
  refs: string;
  text: string;
  said: SaidText;
  ids: ReadonlySet<string>;
  /** The cited segments cut into clauses, in transcript order. */
  segments: readonly TranscriptSegmentClauses[];
}

function judge(
  context: Context,
  path: string,
  label: string,
  evidence: readonly string[],
  check: (cited: Cited) => string[],
): GroundingFinding {
  const known = [...new Set(evidence)].filter((id) => context.byId.has(id));
  const unknown = [...new Set(evidence)].filter((id) => !context.byId.has(id));
  const problems: string[] = [];
  if (evidence.length === 0) problems.push('No cita ningún fragmento de la transcripción.');
  if (unknown.length > 0) {
    problems.push(`Cita ${unknown.length === 1 ? 'un fragmento que no existe' : 'fragmentos que no existen'}: ${unknown.join(', ')}.`);
  }
  if (known.length > 0) {
    const text = known.map((id) => context.byId.get(id) ?? '').join(' \n ');
    const segments = known
      .map((id) => context.transcript.byId.get(id))
      .filter((s): s is TranscriptSegmentClauses => s !== undefined)
      .sort((a, b) => a.order - b.order);
    problems.push(...check({ refs: known.join(', '), text, said: saidText(text), ids: new Set(known), segments }));
  }
  if (problems.length > 0) return { path, label, level: 'revisar', reason: problems.join(' ') };
  return { path, label, level: 'ok', reason: `Respaldado por ${known.join(', ')}.` };
}

/** Where else in the transcript `term` was said, for a reason's hint: " (sí en s5)". */
function elsewhere(context: Context, term: string, cited: Cited): string {
  const places = [...context.said].filter(([id, said]) => !cited.ids.has(id) && termSaid(term, said)).map(([id]) => id);
  if (places.length === 0) return '';
  return ` (sí en ${places.slice(0, 3).join(', ')}${places.length > 3 ? '…' : ''})`;
}

/** The word of `source` that `term` was folded from, in lower case with its accents: «clavulánico». */
function asWritten(term: string, source: string): string {
  const word = source.split(/[^\p{L}\p{N}]+/u).find((w) => foldText(w) === term);
  return (word ?? term).toLowerCase();
}

function missingTermsReason(context: Context, source: string, missing: readonly string[], cited: Cited): string {
  const listed = missing.map((term) => `«${asWritten(term, source)}»${elsewhere(context, term, cited)}`).join(', ');
  return missing.length === 1
    ? `${listed} no se menciona en ${cited.refs}.`
    : `${listed} no se mencionan en ${cited.refs}.`;
}

function allTermsSaid(
  context: Context,
  source: string,
  terms: readonly string[],
  cited: Cited,
  said: (term: string, text: SaidText) => boolean = termSaid,
): string[] {
  if (terms.length === 0) return ['No tiene un nombre que se pueda comparar con la transcripción.'];
  const missing = terms.filter((term) => !said(term, cited.said));
  return missing.length > 0 ? [missingTermsReason(context, source, missing, cited)] : [];
}

/** At least half the key terms (and at least one) said. */
function halfTermsSaid(context: Context, source: string, terms: readonly string[], cited: Cited): string[] {
  if (terms.length === 0) return ['No tiene un texto que se pueda comparar con la transcripción.'];
  const missing = termsNotSaid(terms, cited.said);
  const said = terms.length - missing.length;
  return said >= Math.max(1, Math.ceil(terms.length / 2)) ? [] : [missingTermsReason(context, source, missing, cited)];
}

/**
 * At least half the content words of an instruction or follow-up said, in any verb form or spoken
 * equivalent (instructionTerms.ts); one that is all frame ("Control en 7 días") has only numbers.
 */
function instructionSaid(context: Context, source: string, terms: readonly string[], cited: Cited): string[] {
  const missing = terms.filter((term) => !instructionTermSaid(term, cited.said));
  const said = terms.length - missing.length;
  return said >= Math.ceil(terms.length / 2) ? [] : [missingTermsReason(context, source, missing, cited)];
}

/** Every number written in `field` must have been said in the cited text. */
function numbersSaid(what: string, field: string | null, cited: Cited): string[] {
  if (!field) return [];
  const missing = unmatchedQuantities(quantitiesIn(field), [...quantitiesSaid(cited.text), ...tabletDoses([cited.text])]);
  if (missing.length === 0) return [];
  const values = missing.map(describeQuantity).join(', ');
  const verb = missing.length === 1 ? 'coincide' : 'coinciden';
  return [`En ${what}, ${values} no ${verb} con lo dicho en ${cited.refs}${saidNumbers(cited.text)}.`];
}

/** " (se dijo: 400, cada 12 h)" — the numbers that were said, so the doctor sees the discrepancy. */
function saidNumbers(text: string): string {
  const said = quantitiesSaid(text).filter((q) => !q.derived);
  if (said.length === 0) return ' (no se dijo ningún número)';
  return ` (se dijo: ${[...new Set(said.map(describeQuantity))].slice(0, 6).join(', ')})`;
}

function medicationAsked(m: Medication, cited: Cited, transcript: Transcript): string[] {
  const [drug] = genericTerms(m.name);
  return drug ? askedMedicationCheck(m, drug, cited.segments, transcript) : [];
}

/** Dose, frequency and duration said for this drug (and its action); pooled when its name was never said. */
function medicationNumbers(m: Medication, noteDrugs: readonly string[], cited: Cited): string[] {
  const [drug] = genericTerms(m.name);
  const bound = drug ? medicationCheck(m, drug, noteDrugs, cited.segments) : null;
  return (
    bound ?? [
      ...numbersSaid('la dosis', m.dose, cited),
      ...numbersSaid('la frecuencia', m.frequency, cited),
      ...numbersSaid('la duración', m.duration, cited),
    ]
  );
}
