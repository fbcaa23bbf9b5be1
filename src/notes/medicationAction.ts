/**
 * What the doctor did with a drug, read from the words said next to it (its pieces, see
 * medicationScope.ts): suspende ("dejamos el ibuprofeno", "dejá de tomar", "no la tome más"), inicia
 * ("te indico", "arrancamos con", "te voy a dar"), continúa ("seguí con", "sigue tomando"), modifica
 * ("subimos la dosis", "cambiamos a"). The last cue said about the drug is the decision; a stop said
 * under a condition ("si te cae mal, la dejás", conditions.ts) is none, and a note that writes it as
 * «suspende» is flagged. The note's
 * action is flagged when it contradicts that decision in a way that changes what the patient takes:
 * stopped vs taken, and same dose vs changed dose. Started vs continued is left alone: doctors and
 * models use either for a drug the patient already had, and the patient takes it in both cases.
 */
import type { MedicationAction } from './noteSchema';
import type { DrugPiece } from './medicationScope';
import { quoted } from './mentions';

type Cue = Exclude<MedicationAction, 'mencionada'>;

const CUES: readonly (readonly [Cue, RegExp])[] = [
  [
    'suspende',
    / (suspend\w*|dejamos|dejalo|dejala|(lo|la|los|las) dejas|deja de|dejar de|deje de|dejes de|deja el|deja la|cortamos|cortalo|cortala|cortar|corta el|corta la|sacamos|discontinu\w*|basta de|no (lo |la |los |las )?(tome|tomes|toma|tomen|tomar|siga|sigas|uses|use) (mas|con)) /g,
  ],
  [
    'inicia',
    / (empeza\w*|empiece|empieza|arranca\w*|te indico|le indico|indicamos|te voy a dar|le voy a dar|vamos a dar|te doy|le doy|te receto|le receto|agregamos|agrego|comenza\w*|iniciamos|vas a tomar|va a tomar|te dejo|le dejo) /g,
  ],
  ['continúa', / (segui\w*|seguimos|sigue|siga|sigamos|seguis|continu\w*|manten\w*|como venias|como venia|igual que antes) /g],
  ['modifica', / (subimos|bajamos|aumentamos|reducimos|cambiamos|pasamos a|en vez de|en lugar de|duplicamos|subi la dosis|baja la dosis) /g],
];

/** A stop said only under a condition ("si te cae mal, la dejás"): the drug is still taken. */
type FoundCue = Cue | 'suspende si';

interface Found {
  cue: FoundCue;
  segmentId: string;
  text: string;
}

/** Whether normalized `tokens` say anything about what to do with a drug (conditions.ts ends a condition there). */
export function hasActionCue(tokens: readonly string[]): boolean {
  const padded = ` ${tokens.join(' ')} `;
  return CUES.some(([, pattern]) => new RegExp(pattern.source).test(padded));
}

/** The last action cue said about the drug in `pieces` (its own pieces, in transcript order). */
export function lastActionCue(pieces: readonly DrugPiece[]): Found | null {
  let last: Found | null = null;
  for (const piece of pieces) {
    const padded = ` ${piece.tokens.join(' ')} `;
    let bestIndex = -1;
    for (const [cue, pattern] of CUES) {
      for (const match of padded.matchAll(pattern)) {
        // "no sigas con", "no empieces": a negated start or continue is a stop.
        const negated = cue !== 'suspende' && / no $/.test(padded.slice(0, match.index + 1));
        if (match.index >= bestIndex) {
          bestIndex = match.index;
          const stop = negated || cue === 'suspende';
          if (stop && piece.condition !== null) {
            const text = piece.condition === piece.text ? piece.text : `${piece.condition}, ${piece.text}`;
            last = { cue: 'suspende si', segmentId: piece.segmentId, text };
          } else last = { cue: stop ? 'suspende' : cue, segmentId: piece.segmentId, text: piece.text };
        }
      }
    }
  }
  return last;
}

const SAID: Record<FoundCue, string> = {
  suspende: 'se suspende',
  'suspende si': 'se suspende solo si pasa algo',
  inicia: 'se indica empezarlo',
  continúa: 'se indica seguir',
  modifica: 'se cambia la dosis',
};

function contradicts(written: MedicationAction, said: FoundCue): boolean {
  // A conditional stop: the patient goes on with it (started or continued); «suspende» says too much.
  if (said === 'suspende si') return written === 'suspende';
  if (written === 'mencionada' || written === said) return false;
  if (said === 'suspende' || written === 'suspende') return true;
  return (written === 'continúa' && said === 'modifica') || (written === 'modifica' && said === 'continúa');
}

/** Problems (Spanish) with `action` given what was said about the drug. */
export function actionCheck(action: MedicationAction, pieces: readonly DrugPiece[]): string[] {
  const said = lastActionCue(pieces);
  if (!said || !contradicts(action, said.cue)) return [];
  return [`En ${said.segmentId} ${SAID[said.cue]}: ${quoted(said.text)}; la nota dice «${action}».`];
}
