/**
 * Numbers with their units, read from normalized Spanish text (spanishNumbers.ts), and the rules
 * for when a number in the note is the same as a number that was said: "600 mg" is "seiscientos
 * miligramos" and "un ibuprofeno de 600", "1 g" is "1000 mg", "cada 8 horas" is "tres veces por
 * día", "14/9" is 140/90 mmHg. A number said without a unit matches the same number with any unit;
 * two different units never match ("cada 8 horas" is not "por 8 días").
 */
import { normalizeSpanish } from './spanishNumbers';

export type Unit =
  | 'mg'
  | 'g'
  | 'mcg'
  | 'ml'
  | 'ui'
  | 'h'
  | 'min'
  | 'd'
  | 'sem'
  | 'mes'
  | 'ano'
  | 'C'
  | '%'
  | 'kg'
  | 'cm'
  | 'm'
  | 'mmhg'
  | 'lpm'
  | 'rpm'
  | 'gota'
  | 'comp'
  | 'puff'
  | 'cucharada'
  | 'vez/d'
  | 'vez/sem';

export interface Quantity {
  value: number;
  unit: Unit | null;
  /** Implied by another quantity ("cada 8 horas" implies 3 veces por día): evidence for a match, never something to match. */
  derived?: boolean;
}

/** Unit words as they appear after normalization, longest phrases first. */
const UNIT_PHRASES: readonly (readonly [string, Unit])[] = [
  ['milimetros de mercurio', 'mmhg'],
  ['centimetros cubicos', 'ml'],
  ['latidos por minuto', 'lpm'],
  ['respiraciones por minuto', 'rpm'],
  ['veces por dia', 'vez/d'],
  ['veces al dia', 'vez/d'],
  ['vez por dia', 'vez/d'],
  ['vez al dia', 'vez/d'],
  ['veces diarias', 'vez/d'],
  ['vez diaria', 'vez/d'],
  ['veces por semana', 'vez/sem'],
  ['veces a la semana', 'vez/sem'],
  ['vez por semana', 'vez/sem'],
  ['vez a la semana', 'vez/sem'],
  ['grados centigrados', 'C'],
];
/** Single unit words as they appear after normalization. */
const UNIT_WORDS: Record<string, Unit> = Object.fromEntries(
  ([
    ['mg', 'mg mgs miligramo miligramos'],
    ['g', 'g gr grs gramo gramos'],
    ['mcg', 'mcg ug microgramo microgramos gamma gammas'],
    ['ml', 'ml cc mililitro mililitros'],
    ['ui', 'ui unidad unidades'],
    ['h', 'h hs hr hrs hora horas'],
    ['min', 'min minuto minutos'],
    ['d', 'd dia dias'],
    ['sem', 'semana semanas'],
    ['mes', 'mes meses'],
    ['ano', 'ano anos'],
    ['C', '° °c grado grados'],
    ['%', '% porciento'],
    ['kg', 'kg kilo kilos kilogramo kilogramos'],
    ['cm', 'cm centimetro centimetros'],
    ['m', 'm mt mts metro metros'],
    ['mmhg', 'mmhg'],
    ['lpm', 'lpm ppm latidos pulsaciones'],
    ['rpm', 'rpm respiraciones'],
    ['gota', 'gota gotas gotita gotitas'],
    ['comp', 'comprimido comprimidos pastilla pastillas tableta tabletas capsula capsulas'],
    ['puff', 'puff puffs disparo disparos inhalacion inhalaciones'],
    ['cucharada', 'cucharada cucharadas'],
  ] as const).flatMap(([unit, words]) => words.split(' ').map((word) => [word, unit] as const)),
);

/** Factor from the first unit to the second: 1 g = 1000 mg. Both directions are derived. */
const CONVERSIONS: readonly (readonly [Unit, Unit, number])[] = [
  ['g', 'mg', 1000],
  ['mg', 'mcg', 1000],
  ['kg', 'g', 1000],
  ['m', 'cm', 100],
  ['sem', 'd', 7],
  ['d', 'h', 24],
];

const NUMBER = /^\d+(\.\d+)?$/;

/** Every number in `text` with the unit that follows it (null when none does). */
export function quantitiesIn(text: string): Quantity[] {
  return quantitiesInTokens(normalizeSpanish(text).split(' '));
}

function quantitiesInTokens(tokens: readonly string[]): Quantity[] {
  const found: Quantity[] = [];
  tokens.forEach((token, i) => {
    if (!NUMBER.test(token)) return;
    const value = Number(token);
    const unit = unitAt(tokens, i + 1);
    found.push({ value, unit });
    // "cada 8 horas" and "3 veces por día" say the same thing.
    if (unit === 'h' && tokens[i - 1] === 'cada' && value > 0) found.push({ value: 24 / value, unit: 'vez/d', derived: true });
    if (unit === 'vez/d' && value > 0) found.push({ value: 24 / value, unit: 'h', derived: true });
  });
  return found;
}

/** The unit said at `start` of normalized `tokens` (after a number), or null. */
export function unitAt(tokens: readonly string[], start: number): Unit | null {
  for (const [phrase, unit] of UNIT_PHRASES) {
    const words = phrase.split(' ');
    if (words.every((word, k) => tokens[start + k] === word)) return unit;
  }
  return UNIT_WORDS[tokens[start] ?? ''] ?? null;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Whether `said` is the same amount as `written` (units converted; a missing unit matches any). */
export function sameQuantity(written: Quantity, said: Quantity): boolean {
  if (written.unit === null || said.unit === null || written.unit === said.unit) return close(written.value, said.value);
  for (const [from, to, factor] of CONVERSIONS) {
    if (written.unit === from && said.unit === to && close(written.value * factor, said.value)) return true;
    if (written.unit === to && said.unit === from && close(written.value, said.value * factor)) return true;
  }
  return false;
}

/** The quantities of `written` (implied ones aside) that no quantity in `said` matches. */
export function unmatchedQuantities(written: readonly Quantity[], said: readonly Quantity[]): Quantity[] {
  return written.filter((w) => !w.derived && !said.some((s) => sameQuantity(w, s)));
}

/** Spanish display of a quantity for a reason text: 600 mg, 38,5 °C, cada 8 h. */
export function describeQuantity(quantity: Quantity): string {
  const value = String(quantity.value).replace('.', ',');
  switch (quantity.unit) {
    case null:
      return value;
    case 'C':
      return `${value} °C`;
    case 'ano':
      return `${value} años`;
    case 'sem':
      return `${value} semanas`;
    case 'd':
      return `${value} días`;
    case 'vez/d':
      return `${value} veces por día`;
    case 'vez/sem':
      return `${value} veces por semana`;
    case 'comp':
      return `${value} comprimidos`;
    case 'mmhg':
      return `${value} mmHg`;
    default:
      return `${value} ${quantity.unit}`;
  }
}

export interface PressureReading {
  systolic: number;
  diastolic: number;
}

/**
 * Blood pressures said in `text`: "140/90", "140 sobre 90", "140 y 90", "140 con 90", "140 90",
 * "140 de máxima y 90 de mínima", and the Argentine "14/9" or "catorce nueve" for 140/90.
 */
export function pressuresIn(text: string): PressureReading[] {
  const tokens = normalizeSpanish(text).split(' ');
  const readings: PressureReading[] = [];
  tokens.forEach((token, i) => {
    if (!NUMBER.test(token)) return;
    // Up to four joining words between the two numbers: "/", "sobre", "de maxima y"…
    for (let gap = 1; gap <= 5; gap += 1) {
      const next = tokens[i + gap];
      if (next === undefined) break;
      if (NUMBER.test(next)) {
        const between = tokens.slice(i + 1, i + gap);
        if (between.every((word) => PRESSURE_JOINERS.has(word))) {
          const reading = asPressure(Number(token), Number(next));
          if (reading) readings.push(reading);
        }
        break;
      }
    }
  });
  return readings;
}

const PRESSURE_JOINERS = new Set(['/', 'sobre', 'y', 'con', 'de', 'maxima', 'minima', 'mmhg', 'la', 'por']);

function asPressure(first: number, second: number): PressureReading | null {
  const plausible = (s: number, d: number) => s >= 60 && s <= 300 && d >= 30 && d <= 200 && s > d;
  if (plausible(first, second)) return { systolic: first, diastolic: second };
  // "14/9", "13 y 8": centimetres of mercury, as many Argentine patients and doctors say it.
  if (first < 30 && second < 20 && plausible(first * 10, second * 10)) return { systolic: first * 10, diastolic: second * 10 };
  return null;
}

/**
 * Every quantity said in `text`, plus the readings Argentine speech implies: a pressure "14/9" is
 * 140 and 90 mmHg, a temperature "38 5" ("treinta y ocho cinco") or "37 con 5" is 38.5 or 37.5, a weight "3 kilos 200" is
 * 3.2 kg, a height "un metro cincuenta y ocho" or "mide uno setenta" is 1.58 or 1.70 m (and not 58 or
 * 70 of anything), and "un comprimido por día", "de cuarenta por día" or "una por día" is once a day.
 * Doses said as tablets ("medio comprimido de cuarenta") are in tabletDoses.ts.
 */
export function quantitiesSaid(text: string): Quantity[] {
  const tokens = joinSpokenHeights(normalizeSpanish(text).split(' '));
  const found = quantitiesInTokens(tokens);
  for (const reading of pressuresIn(text)) {
    found.push({ value: reading.systolic, unit: 'mmhg', derived: true }, { value: reading.diastolic, unit: 'mmhg', derived: true });
  }
  tokens.forEach((token, i) => {
    const next = tokens[i + 1] ?? '';
    const afterNext = tokens[i + 2] ?? '';
    if (onceDailyAt(tokens, i)) found.push({ value: 1, unit: 'vez/d', derived: true });
    if (!NUMBER.test(token)) return;
    const value = Number(token);
    if (Number.isInteger(value) && value >= 34 && value <= 43 && /^\d$/.test(next)) {
      found.push({ value: value + Number(next) / 10, unit: 'C', derived: true });
    }
    // "treinta y siete con cinco": the rioplatense way of saying 37,5.
    if (Number.isInteger(value) && value >= 34 && value <= 43 && next === 'con' && /^\d$/.test(afterNext)) {
      found.push({ value: value + Number(afterNext) / 10, unit: 'C', derived: true });
    }
    if (UNIT_WORDS[next] === 'kg' && /^\d{1,3}$/.test(afterNext) && Number.isInteger(value)) {
      found.push({ value: value + Number(afterNext) / 1000, unit: 'kg', derived: true });
    }
  });
  return found;
}

const METRE_WORDS = new Set(['m', 'mt', 'mts', 'metro', 'metros']);
/** Words before a bare "uno setenta" that make it a height. */
const HEIGHT_WORDS = new Set(['mide', 'medis', 'mido', 'midio', 'talla', 'altura', 'estatura']);

/** "1 metro 58", "1 metro y 58", "mide 1 72" → "1.58 m", "mide 1.72 m": metres and centimetres said as one height. */
function joinSpokenHeights(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    let next = i + 1;
    const metres = METRE_WORDS.has(tokens[next] ?? '');
    if (metres) next += 1;
    if (metres && ['y', 'con'].includes(tokens[next] ?? '')) next += 1;
    const centimetres = tokens[next] ?? '';
    if ((token === '1' || token === '2') && (metres || HEIGHT_WORDS.has(tokens[i - 1] ?? '')) && /^\d{1,2}$/.test(centimetres)) {
      out.push(`${token}.${centimetres.padStart(2, '0')}`, 'm');
      i = next;
    } else out.push(token);
  }
  return out;
}

/**
 * Whether "por día" / "al día" at `i` says once a day: after one tablet ("1 comprimido por día"),
 * after a strength ("de 40 por día") or after "una"/"uno" ("una por día"). After "2 comprimidos" it
 * may mean one dose of two or two of one, and says nothing.
 */
function onceDailyAt(tokens: readonly string[], i: number): boolean {
  if (!['por', 'al'].includes(tokens[i] ?? '') || tokens[i + 1] !== 'dia') return false;
  const before = tokens[i - 1] ?? '';
  if (['una', 'uno', '1'].includes(before)) return true;
  if (UNIT_WORDS[before] === 'comp') return tokens[i - 2] === '1';
  return NUMBER.test(before) && tokens[i - 2] === 'de';
}
