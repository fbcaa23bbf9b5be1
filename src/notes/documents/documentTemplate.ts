/**
 * The documents built straight from a note's fields, with no model: what Escriba offers when no
 * note model is installed, when the model's answer is not usable, or when the doctor prefers it.
 * Every value is copied from the note, so the result says nothing the note does not; where the
 * note has nothing (no referral, no alarm sign), the field stays empty for the doctor to fill.
 *
 * Which medications go where follows the note's `action`: started, continued or changed ones are
 * to take; stopped ones are to stop; ones only mentioned go nowhere on the patient's sheet (the
 * patient was not told to do anything with them). Alarm signs: the note has no field for them, so
 * the patient instructions that read as one («Si …», «Ante …», «Consultar …», «guardia»,
 * «urgencia») are taken as alarm signs, the rest as care; the doctor sees both lists and edits.
 */
import type { NoteTemplate } from '../../storage/types';
import { foldText } from '../spanishNumbers';
import type { ClinicalNote, Medication } from '../noteSchema';
import type { PatientInstructions, ReferralLetter } from './documentSchema';

const TAKEN: ReadonlySet<Medication['action']> = new Set(['inicia', 'continúa', 'modifica']);

const trimmed = (text: string | null | undefined): string | null => (text?.trim() ? text.trim() : null);

/** An instruction that tells the patient when to seek care at once. */
export function readsAsAlarmSign(text: string): boolean {
  const folded = ` ${foldText(text)} `;
  return /^ (si|ante|en caso de) /.test(folded) || /\b(consultar|consulte|guardia|urgencia|urgencias|emergencia|alarma)\b/.test(folded);
}

export function instructionsFromNote(note: ClinicalNote): PatientInstructions {
  const instructions = note.patientInstructions.map((p) => p.text.trim()).filter(Boolean);
  return {
    medications: note.medications
      .filter((m) => TAKEN.has(m.action))
      .map((m) => ({
        name: m.name.trim(),
        dose: trimmed(m.dose),
        howToTake: [trimmed(m.frequency), trimmed(m.route) && (/^v[ií]a\b/i.test(m.route!.trim()) ? m.route!.trim() : `vía ${m.route!.trim()}`)]
          .filter(Boolean)
          .join(', ') || null,
        duration: trimmed(m.duration),
      })),
    stopTaking: note.medications.filter((m) => m.action === 'suspende').map((m) => m.name.trim()),
    whenToReturn: trimmed(note.followUp?.text),
    alarmSigns: instructions.filter(readsAsAlarmSign),
    care: instructions.filter((text) => !readsAsAlarmSign(text)),
  };
}

/** One line per current medication: "Enalapril 10 mg, una vez por día". */
export function currentMedicationLine(m: Medication): string {
  const head = [m.name.trim(), trimmed(m.dose)].filter(Boolean).join(' ');
  return [head, trimmed(m.frequency), trimmed(m.route), trimmed(m.duration) && `durante ${m.duration!.trim()}`].filter(Boolean).join(', ');
}

export function letterFromNote(note: ClinicalNote, template: Pick<NoteTemplate, 'sections'>): ReferralLetter {
  const referral = note.referrals[0];
  const diagnoses = note.diagnoses.filter((d) => d.certainty !== 'descartado').map((d) => d.text.trim());
  const narrative = template.sections.map((s) => note.sections[s.id]?.text.trim() ?? '').filter(Boolean);
  return {
    recipient: trimmed(referral?.specialty),
    reason: trimmed(referral?.reason) ?? (diagnoses.length > 0 ? diagnoses.join('; ') : null),
    summary: narrative.length > 0 ? narrative.join(' ') : null,
    currentMedications: note.medications.filter((m) => TAKEN.has(m.action)).map(currentMedicationLine),
    studies: note.orders.map((o) => o.text.trim()).filter(Boolean),
    question: null,
  };
}
