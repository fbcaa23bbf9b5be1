/**
 * Spanish text made comparable: case and accents folded, numbers written one way. Doctors and
 * patients say "treinta y ocho y medio", "ciento cuarenta", "un ibuprofeno de seiscientos"; Whisper
 * writes "38,5", "1.000 mg" or "8hs"; the model writes "38.5" and "600 mg". `normalizeSpanish`
 * turns all of them into digits with a "." decimal point and spaced units, so grounding can
 * compare numbers instead of spellings.
 *
 * Number words are read from 0 to 999 999 ("cero" … "novecientos noventa y nueve mil…"), with
 * decimals ("treinta y ocho coma cinco") and halves ("ocho y media", "medio comprimido"); "un/una"
 * is 1 only before something counted (see COUNTED).
 */

/** Lower case, no accents or diacritics, "ñ" → "n", runs of whitespace → one space. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const UNITS: Record<string, number> = {
  cero: 0,
  un: 1,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
};
const TEENS: Record<string, number> = {
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiun: 21,
  veintiuno: 21,
  veintiuna: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
};
const TENS: Record<string, number> = {
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
};
const HUNDREDS: Record<string, number> = {
  cien: 100,
  ciento: 100,
  doscientos: 200,
  doscientas: 200,
  trescientos: 300,
  trescientas: 300,
  cuatrocientos: 400,
  cuatrocientas: 400,
  quinientos: 500,
  quinientas: 500,
  seiscientos: 600,
  seiscientas: 600,
  setecientos: 700,
  setecientas: 700,
  ochocientos: 800,
  ochocientas: 800,
  novecientos: 900,
  novecientas: 900,
};
/**
 * Things one counts or measures: after them "medio"/"media" is one half ("medio comprimido",
 * "media hora"), and before them "un"/"una" is the number 1 ("una vez por día", "un comprimido").
 * Elsewhere "un"/"una" stays an article, so "consultar ante un empeoramiento" carries no number
 * that grounding would then look for.
 */
const COUNTED =
  /^(comprimido|pastilla|tableta|capsula|gota|hora|minuto|dia|semana|mes|ano|vez|gramo|miligramo|microgramo|litro|mililitro|kilo|centimetro|metro|cucharad|sobre|ampolla|dosis|vaso|taza|puff|disparo|inhalacion|unidad|aplicacion)/;
const ARTICLES = new Set(['un', 'una']);

interface ParsedNumber {
  value: number;
  /** Tokens consumed. */
  length: number;
}

/** Reads 0–999 from `tokens` at `start`: [hundreds] [tens [y unit] | teen | unit]. */
function readBelowThousand(tokens: readonly string[], start: number): ParsedNumber | null {
  let i = start;
  let value = 0;
  let read = false;
  const hundred = HUNDREDS[tokens[i] ?? ''];
  if (hundred !== undefined) {
    value += hundred;
    i += 1;
    read = true;
    // "cien" stands alone ("cien mil" is handled by the caller); "ciento" takes a rest.
    if (tokens[i - 1] === 'cien') return { value, length: i - start };
  }
  const word = tokens[i] ?? '';
  const tens = TENS[word];
  if (tens !== undefined) {
    value += tens;
    i += 1;
    read = true;
    const unit = UNITS[tokens[i + 1] ?? ''];
    if (tokens[i] === 'y' && unit !== undefined && unit > 0) {
      value += unit;
      i += 2;
    }
  } else if (TEENS[word] !== undefined) {
    value += TEENS[word];
    i += 1;
    read = true;
  } else if (UNITS[word] !== undefined && !(hundred !== undefined && (word === 'un' || word === 'una'))) {
    // "quinientos una vez" is 500 and then "once": "ciento uno" is how 101 is said.
    value += UNITS[word];
    i += 1;
    read = true;
  }
  return read ? { value, length: i - start } : null;
}

/** Reads an integer up to 999 999, with "mil" as a multiplier ("dos mil quinientos"). */
function readInteger(tokens: readonly string[], start: number): ParsedNumber | null {
  const head = readBelowThousand(tokens, start);
  if (tokens[start + (head?.length ?? 0)] !== 'mil') return head;
  const thousands = (head?.value ?? 1) * 1000;
  const afterMil = start + (head?.length ?? 0) + 1;
  const rest = readBelowThousand(tokens, afterMil);
  return { value: thousands + (rest?.value ?? 0), length: afterMil - start + (rest?.length ?? 0) };
}

const DIGITS = /^\d+(\.\d+)?$/;
const BREAK = '|';

/** A number at `start` in words or digits, with its decimal part ("coma cinco") or half ("y medio"). */
function readNumber(tokens: readonly string[], start: number): ParsedNumber | null {
  const token = tokens[start] ?? '';
  let parsed: ParsedNumber | null = DIGITS.test(token) ? { value: Number(token), length: 1 } : readInteger(tokens, start);
  if (parsed?.length === 1 && ARTICLES.has(token) && !COUNTED.test(tokens[start + 1] ?? '')) return null;
  if (!parsed) {
    if ((token === 'medio' || token === 'media') && COUNTED.test(tokens[start + 1] ?? '')) return { value: 0.5, length: 1 };
    return null;
  }
  let end = start + parsed.length;
  const separator = tokens[end];
  if ((separator === 'coma' || separator === 'punto') && Number.isInteger(parsed.value)) {
    const decimals = readDecimalDigits(tokens, end + 1);
    if (decimals) {
      parsed = { value: Number(`${parsed.value}.${decimals.digits}`), length: end + 1 + decimals.length - start };
      end = start + parsed.length;
    }
  }
  if (tokens[end] === 'y' && (tokens[end + 1] === 'medio' || tokens[end + 1] === 'media')) {
    parsed = { value: parsed.value + 0.5, length: parsed.length + 2 };
  }
  return parsed;
}

/** "cinco" → "5", "cero cinco" → "05", "veinticinco" → "25", "5" → "5". */
function readDecimalDigits(tokens: readonly string[], start: number): { digits: string; length: number } | null {
  const first = tokens[start] ?? '';
  if (/^\d+$/.test(first)) return { digits: first, length: 1 };
  let digits = '';
  let i = start;
  while (UNITS[tokens[i] ?? ''] !== undefined && !['un', 'una'].includes(tokens[i] ?? '')) {
    digits += String(UNITS[tokens[i] ?? '']);
    i += 1;
  }
  if (digits) return { digits, length: i - start };
  const whole = readBelowThousand(tokens, start);
  return whole ? { digits: String(whole.value), length: whole.length } : null;
}

/**
 * Digits as digits: "38,5" → "38.5", "1.000" → "1000" (Spanish thousands), "600mg" → "600 mg",
 * "8hs" → "8 hs", "c/8 h" → "cada 8 h", "14/9" → "14 / 9", "por ciento" → "%".
 */
function normalizeDigits(folded: string): string {
  return folded
    .replace(/\bc\/\s*(?=\d)/g, 'cada ')
    .replace(/\bpor ?ciento\b/g, '%')
    .replace(/\b([1-9]\d{0,2})\.(\d{3})(?![\d.,])/g, '$1$2')
    .replace(/(\d),(\d)/g, '$1.$2')
    .replace(/(\d)([a-z%°º])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)\s*\/\s*(\d)/g, '$1 / $2');
}

/**
 * Folded text with every number in digits ("." decimal point), units spaced from numbers, and
 * punctuation (except "/", "%" and "°") turned into spaces.
 */
export function normalizeSpanish(text: string): string {
  const folded = normalizeDigits(foldText(text)).replace(/º/g, '°');
  // Punctuation ends a number ("quinientos, una vez por día" is not 501) and is then dropped.
  const tokens = folded
    .replace(/[,;:!?¿¡()"«»]|\.(?!\d)/g, ` ${BREAK} `)
    .replace(/[^a-z0-9.%°/|]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    if (tokens[i] === BREAK) {
      i += 1;
      continue;
    }
    const parsed = readNumber(tokens, i);
    const unit = tokens[i + (parsed?.length ?? 0)] ?? '';
    const half = ['medio', 'media'].includes(tokens[i + (parsed?.length ?? 0) + 2] ?? '');
    if (parsed && COUNTED.test(unit) && tokens[i + parsed.length + 1] === 'y' && half) {
      // "una hora y media", "dos comprimidos y medio".
      out.push(formatNumber(parsed.value + 0.5), unit);
      i += parsed.length + 3;
    } else if (parsed) {
      out.push(formatNumber(parsed.value));
      i += parsed.length;
    } else {
      out.push(tokens[i] ?? '');
      i += 1;
    }
  }
  return out.join(' ');
}

/** Shortest decimal form: 38.5, 600, 0.25. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
