/**
 * A synthetic 45-minute rioplatense consultation for tests of the long-consultation path:
 * ~700 segments of 2–5.5 s, doctor and patient alternating, with the numbers, drugs and expressions
 * a real visit has. Deterministic (a fixed linear congruential generator), so failures reproduce.
 * As Whisper writes them: no speaker in the text (the app gives each segment its role apart).
 */
import type { TranscriptSegment } from '../storage/types';

const DOCTOR = [
  '¿Y desde cuándo le pasa eso?',
  'Le voy a tomar la presión. Tiene {bp}.',
  'Pulso de {hr}, saturando {spo2} por ciento.',
  'Respire hondo. Los pulmones se escuchan bien, sin ruidos agregados.',
  '¿Está tomando el enalapril de {dose} como le indiqué, cada {freq} horas?',
  'Vamos a pedir un hemograma, glucemia y un perfil lipídico.',
  'Le indico ibuprofeno de 600 cada 8 horas por {days} días, siempre con comida.',
  'Si la fiebre pasa de treinta y ocho y medio, me llama.',
  'Le dejo la orden para una ecografía abdominal.',
  'Lo derivo al cardiólogo para que le haga un electro y una ergometría.',
  '¿Tiene alguna alergia a medicamentos?',
  'Bueno, la vemos de nuevo en {days} semanas con los análisis.',
  'Hay que bajar la sal, caminar media hora por día y dejar el cigarrillo.',
  '¿Cómo viene durmiendo? ¿Se despierta de noche para orinar?',
  'La metformina de 850 la sigue igual, una con el almuerzo y otra con la cena.',
];
const PATIENT = [
  'Hace una semana que me agarró un dolor de cabeza que no se me va.',
  'Sí, doctora, me lo tomo todos los días, a veces me olvido la de la noche.',
  'Me falta un poco el aire cuando subo la escalera, eso sí.',
  'La presión me la tomé en la farmacia y me dio catorce nueve.',
  'Soy alérgico a la penicilina, me salen ronchas por todo el cuerpo.',
  'Tomé un ibuprofeno de 400 pero no me hizo nada.',
  'El pediatra de cabecera de la nena me dijo que la trajera también.',
  'Estoy descompuesto desde el domingo, vomité dos veces.',
  'No, fumar dejé hace {days} años, pero a veces me tomo unos mates de más.',
  'Me duele la panza del lado derecho, sobre todo después de comer.',
  'Peso {kg} kilos, subí bastante este año.',
  'Mi mamá era diabética y mi papá tuvo un infarto a los sesenta.',
  'En el trabajo estoy muy estresado, duermo cinco horas por noche.',
  'Ah, y me salió un granito en la espalda que me pica.',
  'Bueno, doctora, muchas gracias, entonces vuelvo con los análisis.',
  'El enalapril de {dose} lo tomo todos los días a la mañana.',
];

function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export const LONG_CONSULTATION_MS = 45 * 60 * 1000;

export type SyntheticSegment = Pick<TranscriptSegment, 'id' | 'startMs' | 'endMs' | 'text'>;

/** Segments covering 45 minutes, in time order, with ids like the app's. */
export function longConsultation(seed = 45): SyntheticSegment[] {
  const random = generator(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const fill = (text: string) =>
    text
      .replace('{bp}', pick(['140/90', 'ciento treinta y ochenta', '12/8', '150 y 95']))
      .replace('{hr}', String(60 + Math.floor(random() * 40)))
      .replace('{spo2}', String(94 + Math.floor(random() * 5)))
      .replace('{dose}', pick(['5', '10', '20']))
      .replace('{freq}', pick(['12', '24']))
      .replace('{days}', String(2 + Math.floor(random() * 8)))
      .replace('{kg}', String(55 + Math.floor(random() * 50)));
  const segments: SyntheticSegment[] = [];
  let startMs = 0;
  let doctor = true;
  while (startMs < LONG_CONSULTATION_MS) {
    const durationMs = 2000 + Math.floor(random() * 3500);
    // Now and then one speaker says two or three sentences in one utterance.
    const sentences = random() < 0.2 ? 2 + Math.floor(random() * 2) : 1;
    const lines = Array.from({ length: sentences }, () => fill(pick(doctor ? DOCTOR : PATIENT)));
    segments.push({
      id: `seg-${segments.length.toString(36)}-${seed}`,
      startMs,
      endMs: startMs + durationMs,
      text: lines.join(' '),
    });
    startMs += durationMs + 200;
    doctor = random() < 0.5 ? !doctor : doctor;
  }
  return segments;
}
