/**
 * What a patient instruction or a follow-up says, for the grounding check to find in the cited
 * segments: a small model adds advice nobody gave ("Tomar abundante líquido", "Reposo deportivo",
 * "Control con cardiología"), and numbers alone cannot catch it.
 *
 * The note writes instructions as infinitives and nouns ("Tomar abundante líquido", "Hacer
 * reposo", "Volver a consultar"); the doctor says them as voseo or usted imperatives ("tomá mucho
 * líquido", "hidratate bien", "hacé reposo", "vuelva a consultar"). So the words that only frame an
 * instruction ("tomar", "realizar", "abundante"; for a follow-up also "control", "volver") are not
 * looked for, a verb counts as said in any of its forms, and a few instructions have their spoken
 * equivalents. Kept conservative like terms.ts: a missing equivalent only sends the item to
 * «Revisar».
 */
import { formPositions, keyTerms, termSaid, type SaidText } from './terms';

/** Words that frame an instruction without saying what to do (folded). */
const INSTRUCTION_FRAME =
  'tomar realizar hacer mantener cumplir abundante abundantes bien mucho mucha muchos muchas adecuado adecuada ' +
  'adecuados adecuadas correcto correcta correctamente ante indicaciones indicacion forma manera consultar acudir concurrir';
/** What a follow-up adds to the frame: coming back is what a follow-up is. */
const FOLLOW_UP_FRAME =
  'control controles volver regresar consultar consulta reconsulta reconsultar nuevo nueva turno cita ' +
  'seguimiento ver vemos veo revisar reevaluar reevaluacion evolucion';

const INSTRUCTION_IGNORED = new Set(INSTRUCTION_FRAME.split(' '));
const FOLLOW_UP_IGNORED = new Set([...INSTRUCTION_IGNORED, ...FOLLOW_UP_FRAME.split(' ')]);

/** The words of a patient instruction to look for: «Tomar abundante líquido» → líquido. */
export function instructionTerms(text: string): string[] {
  return keyTerms(text, INSTRUCTION_IGNORED);
}

/** The words of a follow-up to look for: «Control con cardiología en una semana» → cardiología. */
export function followUpTerms(text: string): string[] {
  return keyTerms(text, FOLLOW_UP_IGNORED);
}

/** Instructions and how they are said (folded; verbs as infinitives, matched in any form). */
const SPOKEN_EQUIVALENTS: readonly (readonly string[])[] = [
  ['liquido', 'liquidos', 'hidratacion', 'hidratar', 'hidratarse', 'agua'],
  ['reposo', 'descanso', 'descansar'],
  ['esfuerzo', 'esfuerzos', 'fuerza'],
  ['guardia', 'emergencia', 'emergencias', 'urgencia', 'urgencias'],
  ['aparece', 'aparecen', 'aparecer', 'aparicion', 'salir', 'brotar'],
];

/** The verb a noun of action is made from: "empeoramiento" → "empeorar", "hidratación" → "hidratar". */
function verbOfNoun(noun: string): string | null {
  const match = /^([a-z]{3,})(amiento|acion|imiento|icion)$/.exec(noun);
  if (!match) return null;
  return `${match[1]}${match[2]?.startsWith('a') ? 'ar' : 'ir'}`;
}

/** Stems of irregular verbs as they are said: "haga", "vuelva", "siga". */
const IRREGULAR_STEMS: Readonly<Record<string, readonly string[]>> = {
  hacer: ['hag', 'hic'],
  volver: ['vuelv'],
  poner: ['pong'],
  tener: ['teng', 'tien'],
  venir: ['veng', 'vien'],
  seguir: ['sig'],
  mover: ['muev'],
  acostar: ['acuest'],
  probar: ['prueb'],
};

/** Endings of a said verb after its stem, with an enclitic pronoun: "tomá" (toma), "hidratate", "tomalo". */
const VERB_ENDING =
  /^(ar|er|ir|a|as|an|amos|e|es|en|emos|i|is|imos|o|ando|iendo|ado|ada|ido|ida|ate|ete|ite)(te|se|lo|la|los|las|le|les|me)?$/;
/** An infinitive, with a pronoun: "tomar", "hidratarse", "tomarlo". */
const INFINITIVE = /^([a-z]{3,}?)(ar|er|ir)(se|lo|la|los|las|le|les)?$/;

/** Whether a form of the verb `infinitive` was said ("tomar" in "tomá", "hidratarse" in "hidratate"). */
function verbSaid(infinitive: string, said: SaidText): boolean {
  const match = INFINITIVE.exec(infinitive);
  if (!match?.[1]) return false;
  const verb = `${match[1]}${match[2] ?? ''}`;
  const stems = [match[1], ...(IRREGULAR_STEMS[verb] ?? [])];
  return said.words.some((word) => stems.some((stem) => word.startsWith(stem) && VERB_ENDING.test(word.slice(stem.length))));
}

function formSaid(form: string, said: SaidText): boolean {
  if (form.includes(' ')) return formPositions(form, said.words).length > 0;
  const verb = verbOfNoun(form);
  return termSaid(form, said) || verbSaid(form, said) || (verb !== null && verbSaid(verb, said));
}

/** Whether an instruction's or follow-up's `term` was said, in its own words or as it is said. */
export function instructionTermSaid(term: string, said: SaidText): boolean {
  if (formSaid(term, said)) return true;
  return SPOKEN_EQUIVALENTS.some((group) => group.includes(term) && group.some((form) => form !== term && formSaid(form, said)));
}
