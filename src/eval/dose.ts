/**
 * When a dose, a frequency or a follow-up interval in the note is the one in the reference, read
 * with the app's own number reader (spanishNumbers.ts, quantities.ts):
 *
 * - Dose: the amount taken each time. Units counted ("comprimido", "gota", "puff") times a strength
 *   ("de 4 mg") give the amount: «medio comprimido de 4 mg» = «2 mg», «2 comprimidos de 500» with
 *   the strength in the name = «1 g». Masses are compared in mg (1 g = 1000 mg, 1000 mcg = 1 mg). The
 *   strength may sit in the drug's name ("Enalapril 10 mg") instead of the dose.
 * - Frequency: times per day. «cada 8 horas» = «3 veces por día»; «una vez al día», «a la noche»,
 *   «en ayunas», «diario» = 1; «cada 48 horas» = 0,5; weekly forms = 1/7 per week count. «Si hay
 *   dolor», «según necesidad», «SOS», «hasta uno cada 6 horas» mark it as on demand, which must
 *   agree too.
 * - A dose without an amount («una capa fina») is compared by its key words; a frequency without a
 *   rate likewise («después de cada deposición» = «luego de cada deposición»).
 */
import { formatNumber, normalizeSpanish } from '../notes/spanishNumbers';
import { quantitiesIn, sameQuantity, type Quantity, type Unit } from '../notes/quantities';
import { keyTerms, sameWord } from '../notes/terms';

const MASS_IN_MG: Partial<Record<Unit, number>> = { mg: 1, g: 1000, mcg: 0.001 };
const STRENGTH_UNITS = new Set<Unit>(['mg', 'g', 'mcg', 'ml', 'ui']);
const COUNTED_UNITS = new Set<Unit>(['comp', 'gota', 'puff', 'cucharada']);

/** The amount per intake: in mg for masses, else in its own unit (ml, UI, comprimidos, gotas…). */
export interface DoseAmount {
  value: number;
  unit: string;
}

function canonical(quantity: Quantity): DoseAmount | null {
  if (quantity.unit === null) return null;
  const factor = MASS_IN_MG[quantity.unit];
  return factor === undefined ? { value: quantity.value, unit: quantity.unit } : { value: quantity.value * factor, unit: 'mg' };
}

/**
 * The amounts of one intake said in `dose`, with `name` supplying a strength the dose leaves out
 * ("1 comprimido" of "Amoxicilina 500 mg"). A dose may say its amount twice ("6 ml (600 mg)"):
 * every reading is returned, and two doses are the same when any readings agree. Empty when no
 * amount can be read.
 */
export function doseAmounts(dose: string | null, name = ''): DoseAmount[] {
  const inDose = dose ? quantitiesIn(dose).filter((q) => !q.derived) : [];
  const inName = quantitiesIn(name).filter((q) => !q.derived);
  const strengths = (list: Quantity[]) => list.filter((q) => q.unit !== null && STRENGTH_UNITS.has(q.unit));
  const doseStrengths = strengths(inDose);
  const strengthsUsed = doseStrengths.length > 0 ? doseStrengths : strengths(inName);
  const count = inDose.find((q) => q.unit !== null && COUNTED_UNITS.has(q.unit));
  if (strengthsUsed.length > 0) {
    return strengthsUsed.map((strength) => {
      const each = canonical(strength)!;
      return count ? { value: each.value * count.value, unit: each.unit } : each;
    });
  }
  if (count) return [canonical(count)!];
  // "Enalapril" with dose "10": a bare number is an amount in no unit.
  const bare = inDose.find((q) => q.unit === null);
  return bare ? [{ value: bare.value, unit: '' }] : [];
}

/** The first reading of `doseAmounts`, or null. */
export function doseAmount(dose: string | null, name = ''): DoseAmount | null {
  return doseAmounts(dose, name)[0] ?? null;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

function foldedText(text: string | null): string {
  return text === null ? '' : normalizeSpanish(text);
}

/** Words that only place an intake in time relative to something: «después», «luego» de cada deposición. */
const CONNECTORS = new Set(['despues', 'luego', 'tras', 'posterior']);

/**
 * Without amounts or rates, two doses ("una capa fina", "capa fina") or frequencies ("después de cada
 * deposición", "luego de cada deposición") agree when their key terms are the same words.
 */
function sameWords(a: string, b: string, ignore: ReadonlySet<string> = new Set()): boolean {
  const left = keyTerms(a, ignore);
  const right = keyTerms(b, ignore);
  const covered = (from: readonly string[], into: readonly string[]) => from.every((t) => into.some((u) => sameWord(t, u)));
  return left.length > 0 ? covered(left, right) && covered(right, left) : foldedText(a) === foldedText(b);
}

/** Whether the note's dose (with its drug name) is the reference's. Both absent is the same. */
export function sameDose(reference: { dose: string | null; name: string }, note: { dose: string | null; name: string }): boolean {
  // Not said: the note must not give one either.
  if (reference.dose === null) return note.dose === null;
  const want = doseAmounts(reference.dose, reference.name);
  const got = doseAmounts(note.dose, note.name);
  if (want.length === 0 || got.length === 0) return note.dose !== null && sameWords(reference.dose, note.dose);
  return want.some((w) => got.some((g) => sameAmount(w, g)));
}

function sameAmount(a: DoseAmount, b: DoseAmount): boolean {
  // A bare number ("enalapril de 10") matches the same number in any unit.
  if (a.unit === '' || b.unit === '' || a.unit === b.unit) return close(a.value, b.value);
  return false;
}

export interface Frequency {
  /** Intakes per day; null when the text gives no rate. */
  perDay: number | null;
  onDemand: boolean;
}

const ON_DEMAND = /\b(si|segun|sos|rescate|necesidad|demanda|hasta|maximo|en caso de|de ser necesario)\b/;
const ONCE_A_DAY = /\b(diari[oa]|por dia|al dia|a la (manana|noche|tarde)|por la (manana|noche|tarde)|en ayunas|antes de (dormir|acostarse)|con el (desayuno|almuerzo|cena))\b/;
const WEEKLY = /\b(semanal|por semana|a la semana|cada semana)\b/;

/** How often, read from a frequency as said or written. */
export function frequencyOf(text: string | null): Frequency {
  if (text === null) return { perDay: null, onDemand: false };
  const normalized = normalizeSpanish(text);
  const onDemand = ON_DEMAND.test(normalized);
  const quantities = quantitiesIn(text);
  const every = /\bcada (\d+(?:\.\d+)?) (h|hs|hora|horas|dia|dias|semana|semanas)\b/.exec(normalized);
  if (every) {
    const n = Number(every[1]);
    const unit = every[2]!;
    const hours = unit.startsWith('h') ? n : unit.startsWith('d') ? n * 24 : n * 24 * 7;
    return { perDay: hours > 0 ? 24 / hours : null, onDemand };
  }
  const perDay = quantities.find((q) => q.unit === 'vez/d' && !q.derived);
  if (perDay) return { perDay: perDay.value, onDemand };
  // "3 por día", "2 comprimidos al día": in a frequency, the count per day.
  const countPerDay = /\b(\d+(?:\.\d+)?) (?:[a-z]+ )?(?:por|al) dia\b/.exec(normalized);
  if (countPerDay) return { perDay: Number(countPerDay[1]), onDemand };
  const perWeek = quantities.find((q) => q.unit === 'vez/sem');
  if (perWeek) return { perDay: perWeek.value / 7, onDemand };
  if (WEEKLY.test(normalized)) return { perDay: 1 / 7, onDemand };
  if (ONCE_A_DAY.test(normalized)) return { perDay: 1, onDemand };
  return { perDay: null, onDemand };
}

/** Whether the note's frequency is the reference's (same rate and both or neither on demand). */
export function sameFrequency(reference: string | null, note: string | null): boolean {
  if (reference === null) return note === null;
  if (note === null) return false;
  const want = frequencyOf(reference);
  const got = frequencyOf(note);
  if (want.onDemand !== got.onDemand) return false;
  if (want.perDay === null || got.perDay === null) return want.perDay === got.perDay && sameWords(reference, note, CONNECTORS);
  return close(want.perDay, got.perDay);
}

/**
 * Whether every quantity of `reference` (a duration, a follow-up interval: «7 días», «una semana»)
 * is in `note`, units converted (1 semana = 7 días).
 */
export function sameQuantities(reference: string, note: string): boolean {
  const want = quantitiesIn(reference).filter((q) => !q.derived);
  const got = quantitiesIn(note);
  return want.length > 0 && want.every((w) => got.some((g) => sameQuantity(w, g)));
}

/** Display of an amount for a mismatch line: "2 mg", "0,5 comp". */
export function describeAmount(amount: DoseAmount | null): string {
  if (!amount) return '—';
  return `${formatNumber(amount.value).replace('.', ',')}${amount.unit ? ` ${amount.unit}` : ''}`;
}
