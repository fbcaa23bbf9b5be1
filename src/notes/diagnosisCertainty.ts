/**
 * A diagnosis's certainty against how it was said: ruled out (descartado: "descartamos neumonía",
 * "no creo que sea una apendicitis", "no es una angina"), suspected (presuntivo: "probablemente",
 * "me parece", "sospecho", "puede ser", "vamos a descartar") or stated (confirmado). A confirmed or
 * presumptive diagnosis passes when at least one cited mention states or suspects it; one whose
 * every mention is ruled out, denied or only asked is flagged. A diagnosis written as ruled out
 * needs a mention that rules it out. A confirmed one said only as a suspicion is flagged too: the
 * note would state more than the doctor did.
 */
import type { DiagnosisCertainty } from './noteSchema';
import { askedReason, quoted, type Mention } from './mentions';
import { normalizeSpanish } from './spanishNumbers';

type Said = 'descartado' | 'presuntivo' | 'confirmado' | 'preguntado';

const SUSPICION =
  /^(probablemente|probable|parece|pareceria|sospecho|sospecha|sospechamos|posible|posiblemente|impresiona|capaz|seguramente|quizas|quiza|descartar|creo|pinta|sugiere|sugestivo|compatible)$/;
// "Si descartamos la apendicitis con la eco…": ruling it out is still to be done.
const SUSPICION_PHRASES = [' puede ser ', ' podria ser ', ' tal vez ', ' a descartar ', ' si descart'];

function saidAs(mention: Mention): Said {
  if (mention.polarity === 'negado') return 'descartado';
  if (mention.polarity === 'preguntado') return 'preguntado';
  const before = mention.clause.tokens.slice(0, mention.position + 1);
  const padded = ` ${mention.clause.tokens.join(' ')} `;
  if (before.some((t) => SUSPICION.test(t)) || SUSPICION_PHRASES.some((p) => padded.includes(p))) return 'presuntivo';
  return 'confirmado';
}

/** Problems (Spanish) with `certainty` given the diagnosis's cited mentions. */
export function certaintyCheck(certainty: DiagnosisCertainty, mentions: readonly Mention[]): string[] {
  if (mentions.length === 0) return [];
  const said = mentions.map((m) => ({ mention: m, as: saidAs(m) }));
  const find = (as: Said) => said.find((s) => s.as === as)?.mention;
  const ruledOut = find('descartado');
  const stated = find('confirmado');
  const suspected = find('presuntivo');
  const asked = find('preguntado');
  if (certainty === 'descartado') {
    if (ruledOut) return [];
    const other = stated ?? suspected;
    if (other) return [`En ${other.quoteId} no se descarta: ${quoted(other.quote)}; la nota dice «descartado».`];
    return asked ? [askedReason(asked)] : [];
  }
  if (stated || (suspected && certainty === 'presuntivo')) return [];
  if (suspected) return [`En ${suspected.quoteId} se plantea como posible: ${quoted(suspected.quote)}; la nota dice «confirmado».`];
  if (ruledOut) {
    // The quote, not only the clause: a list item is ruled out by its head ("descartamos un infarto, un SCA").
    const rulingOut = / (descart\w*|no creo|no es|no parece|no impresiona) /.test(` ${normalizeSpanish(ruledOut.quote)} `);
    const verb = ruledOut.byAnswer ? 'el paciente lo negó' : rulingOut ? 'se descarta' : 'se niega';
    return [`En ${ruledOut.quoteId} ${verb}: ${quoted(ruledOut.quote)}; la nota dice «${certainty}».`];
  }
  return asked ? [askedReason(asked)] : [];
}
