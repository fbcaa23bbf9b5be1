/**
 * Key terms and when a term was said. The note is written in medical words ("hipertensión",
 * "urticaria", "radiografía de tórax"); patients, and often doctors, say "la presión alta",
 * "ronchas", "una placa de tórax". A term counts as said when its cited text has the same word
 * (accents, case, plural and small endings aside: "hipertenso" ~ "hipertensión", see `sameWord`)
 * or a word or phrase of its group below.
 *
 * The groups are deliberately small and conservative: a missing synonym only sends an item to
 * "Revisar", while a loose one would let an invented item pass.
 */
import { normalizeSpanish } from './spanishNumbers';

/** Equivalent words and phrases, already folded (no accents, lower case). */
const TERM_GROUPS: readonly (readonly string[])[] = [
  ['hipertension', 'hipertenso', 'hipertensa', 'presion alta', 'presion elevada'],
  ['hipotension', 'presion baja'],
  ['diabetes', 'diabetico', 'diabetica', 'azucar alta', 'azucar alto', 'glucosa alta'],
  ['fiebre', 'febril', 'temperatura', 'calentura'],
  ['cefalea', 'dolor de cabeza', 'duele la cabeza'],
  ['odinofagia', 'dolor de garganta', 'duele la garganta', 'duele al tragar'],
  ['amigdalitis', 'anginas', 'angina', 'amigdalas', 'placas'],
  ['faringitis', 'faringe', 'garganta'],
  ['radiografia', 'placa', 'rx', 'rayos'],
  ['ecografia', 'eco'],
  ['electrocardiograma', 'electro', 'ecg'],
  ['hemograma', 'analisis de sangre'],
  ['laboratorio', 'analisis'],
  ['urticaria', 'ronchas', 'roncha', 'habones', 'sarpullido'],
  ['disnea', 'falta el aire', 'falta de aire', 'ahogo', 'cuesta respirar'],
  ['edema', 'hinchazon', 'hinchado', 'hinchada', 'hincho'],
  ['angioedema', 'hinchazon', 'se me hincho', 'se le hincho'],
  ['urinaria', 'urinario', 'orina', 'orinar', 'pis'],
  ['disuria', 'ardor al orinar', 'arde al orinar', 'arde cuando hago pis'],
  ['otitis', 'oido', 'oidos'],
  ['lumbalgia', 'lumbago', 'cintura', 'dolor de espalda'],
  ['gastroenteritis', 'diarrea', 'vomitos', 'descompuesto', 'descompuesta'],
  ['dislipemia', 'dislipidemia', 'hipercolesterolemia', 'colesterol'],
  ['hipotiroidismo', 'tiroides'],
  ['neumonia', 'pulmonia'],
  ['sibilancias', 'silbido', 'chifla', 'chiflido'],
  ['rinorrea', 'mocos'],
  ['alergia', 'alergias', 'alergico', 'alergica', 'alergicos', 'alergicas'],
  ['autolesion', 'autolesiones', 'lastimarse', 'lastimarte', 'lastimarme', 'hacerse dano', 'hacerte dano', 'hacerme dano'],
  ['abdominal', 'abdomen', 'panza', 'barriga'],
  ['torax', 'pecho'],
  ['basal', 'base', 'bases'],
  ['vomitos', 'vomito', 'vomita', 'devolvio', 'devuelve'],
  ['glucemia', 'azucar', 'glucosa'],
  ['aspirina', 'acetilsalicilico'],
  ['cardiologia', 'cardiologo', 'cardiologa'],
  ['kinesiologia', 'kinesiologo', 'kinesiologa', 'kinesio', 'kine'],
  ['traumatologia', 'traumatologo', 'traumatologa', 'traumato'],
  ['dermatologia', 'dermatologo', 'dermatologa', 'dermato'],
  ['oftalmologia', 'oftalmologo', 'oftalmologa', 'oculista'],
  ['otorrinolaringologia', 'otorrino'],
  ['nutricion', 'nutricionista'],
];

/** Words that carry no clinical content of their own (articles, prepositions, units, fillers). */
const STOPWORDS = new Set(
  (
    'de del la las el los lo le les un una unos unas uno y e o u a al en con sin por para que se su sus mi mis ' +
    'tu tus es son esta este estos estas ese esa mas muy cada dia dias hora horas semana semanas mes meses ano anos ' +
    'vez veces mg ml gr gramos miligramos kg cm mmhg tipo otro otra segun hasta desde entre sobre bajo como ' +
    'control paciente'
  ).split(' '),
);

/** Extra words a medication's name can carry that are not part of the drug itself. */
export const MEDICATION_FORM_WORDS = new Set(
  (
    'comprimido comprimidos capsula capsulas pastilla pastillas jarabe gotas suspension solucion crema gel ' +
    'unguento inyectable ampolla ampollas inhalado inhalador aerosol spray oral via sobre sobres parche colirio ' +
    'acido'
  ).split(' '),
);

/** Significant words of `text`: folded, at least three letters, no stopwords, no numbers. */
export function keyTerms(text: string, alsoIgnore: ReadonlySet<string> = new Set()): string[] {
  const words = normalizeSpanish(text)
    .split(' ')
    .filter((word) => /^[a-z]{3,}$/.test(word) && !STOPWORDS.has(word) && !alsoIgnore.has(word));
  return [...new Set(words)];
}

/** The same word up to plural, gender or a short ending, on a shared stem of at least five letters. */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (longer === `${shorter}s` || longer === `${shorter}es`) return true;
  if (shorter.length < 5) return false;
  // An organ and its disease are different findings: "pulmón" ≠ "pulmonía", "faringe" ≠ "faringitis".
  if (longer.startsWith(shorter.replace(/e$/, '')) && /(ia|itis|osis)$/.test(longer) && !/(ia|itis|osis)$/.test(shorter)) return false;
  let common = 0;
  while (common < shorter.length && shorter[common] === longer[common]) common += 1;
  // One letter of the shorter word and three of the longer may differ: "hipertenso" ~ "hipertensión",
  // "cardiólogo" ~ "cardiología", but "prednisona" ≠ "prednisolona" and "pulmones" ≠ "pulmonía".
  return common >= Math.max(5, shorter.length - 1) && longer.length - common <= 3;
}

/** Text prepared once for many term lookups. */
export interface SaidText {
  normalized: string;
  words: readonly string[];
}

export function saidText(text: string): SaidText {
  const normalized = normalizeSpanish(text);
  return { normalized: ` ${normalized} `, words: normalized.split(' ') };
}

function containsPhrase(said: SaidText, phrase: string): boolean {
  if (!phrase.includes(' ')) return said.words.some((word) => sameWord(word, phrase));
  return said.normalized.includes(` ${phrase} `) || said.normalized.includes(` ${phrase}s `);
}

/** Whether `term` (a key term) was said in `said`, directly or through its group. */
export function termSaid(term: string, said: SaidText): boolean {
  if (said.words.some((word) => sameWord(word, term))) return true;
  return TERM_GROUPS.some(
    (group) => group.some((member) => !member.includes(' ') && sameWord(member, term)) && group.some((m) => containsPhrase(said, m)),
  );
}

/** The key terms of `terms` that were not said. */
export function termsNotSaid(terms: readonly string[], said: SaidText): string[] {
  return terms.filter((term) => !termSaid(term, said));
}

/** The forms `term` can be said in, folded: itself and the words and phrases of its groups. */
export function termForms(term: string): string[] {
  const groups = TERM_GROUPS.filter((group) => group.some((member) => !member.includes(' ') && sameWord(member, term)));
  return [...new Set([term, ...groups.flat()])];
}

/** Where in `tokens` (normalized words) `form` starts: a word up to `sameWord`, a phrase word for word. */
export function formPositions(form: string, tokens: readonly string[]): number[] {
  const words = form.split(' ');
  const positions: number[] = [];
  tokens.forEach((token, i) => {
    const matches =
      words.length === 1
        ? sameWord(token, form)
        : words.every((word, k) => tokens[i + k] === word || (k === words.length - 1 && tokens[i + k] === `${word}s`));
    if (matches) positions.push(i);
  });
  return positions;
}
