/**
 * Doses said as tablets of a strength: "medio comprimido de cuarenta" is 20 mg, "dos comprimidos
 * de quinientos" 1000 mg, "losartán de cincuenta, medio comprimido" 25 mg. The count is a number
 * before a tablet word ("medio comprimido", "dos pastillas"); the strength a number said after
 * "de" with a unit of mass or none ("de cuarenta", "de un gramo"). Each count times each strength
 * of the same stretch of speech (one text, or one drug's pieces) is a dose that was said.
 *
 * And the reverse mistake: a note that writes the tablet's strength as the dose ("Enalapril 40 mg")
 * where only a part or several tablets were said.
 */
import { describeQuantity, quantitiesIn, sameQuantity, unitAt, type Quantity, type Unit } from './quantities';
import { normalizeSpanish } from './spanishNumbers';

const NUMBER = /^\d+(\.\d+)?$/;
const MASS_UNITS: ReadonlySet<Unit> = new Set(['mg', 'g', 'mcg']);

interface TabletSpeech {
  counts: number[];
  strengths: Quantity[];
}

function tabletSpeech(texts: readonly string[]): TabletSpeech {
  const counts: number[] = [];
  const strengths: Quantity[] = [];
  for (const text of texts) {
    const tokens = normalizeSpanish(text).split(' ');
    tokens.forEach((token, i) => {
      // "medio de cuarenta": half a tablet, the tablet left unsaid.
      if ((token === 'medio' || token === 'media') && tokens[i + 1] === 'de' && NUMBER.test(tokens[i + 2] ?? '')) counts.push(0.5);
      if (!NUMBER.test(token)) return;
      const value = Number(token);
      const unit = unitAt(tokens, i + 1);
      if (unit === 'comp') counts.push(value);
      else if (tokens[i - 1] === 'de' && (unit === null || MASS_UNITS.has(unit))) strengths.push({ value, unit: unit ?? 'mg' });
    });
  }
  return { counts, strengths };
}

/** The doses said as a count of tablets of a strength in `texts`, as derived quantities. */
export function tabletDoses(texts: readonly string[]): Quantity[] {
  const { counts, strengths } = tabletSpeech(texts);
  return counts.flatMap((count) => strengths.map((s) => ({ value: count * s.value, unit: s.unit, derived: true })));
}

/**
 * A problem (Spanish) when `dose` is the strength of a tablet of which only other counts were said
 * ("medio comprimido de cuarenta" written as 40 mg), or null. A dose that writes the count too
 * ("medio comprimido de 40 mg") says what was said.
 */
export function strengthAsDose(dose: string | null, texts: readonly string[]): string | null {
  if (!dose) return null;
  const written = quantitiesIn(dose);
  if (written.some((q) => q.unit === 'comp')) return null;
  const { counts, strengths } = tabletSpeech(texts);
  if (counts.length === 0 || counts.includes(1)) return null;
  const strength = strengths.find((s) => written.some((w) => !w.derived && sameQuantity(w, s)));
  if (!strength) return null;
  const count = counts[0] ?? 0;
  const said = describeQuantity({ value: count * strength.value, unit: strength.unit });
  const tablets = count === 0.5 ? 'medio comprimido' : `${String(count).replace('.', ',')} comprimidos`;
  return `La dosis ${describeQuantity(strength)} es la del comprimido: se dijo ${tablets} (${said}).`;
}
