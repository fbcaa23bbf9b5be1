/**
 * Rioplatense and general Latin American ways of saying clinical things, for the prompt: small
 * models trained mostly on neutral or peninsular Spanish misread "me agarró fiebre", "catorce
 * nueve" or "la nena". Each entry is what people say and how the note should put it. Kept short:
 * every line is paid for in every prompt.
 */

export interface GlossaryEntry {
  said: readonly string[];
  meaning: string;
}

export const CLINICAL_GLOSSARY: readonly GlossaryEntry[] = [
  { said: ['me agarró fiebre', 'volé de fiebre', 'estuvo con temperatura'], meaning: 'tuvo fiebre (sin valor si no se dijo un número)' },
  { said: ['tengo la presión alta', 'soy hipertenso'], meaning: 'hipertensión arterial referida' },
  { said: ['la presión da 14/9', 'catorce nueve'], meaning: 'TA 140/90 mmHg' },
  { said: ['tengo el azúcar alto', 'soy diabético'], meaning: 'diabetes o glucemia elevada referida' },
  { said: ['un ibuprofeno de 600'], meaning: 'ibuprofeno 600 mg' },
  { said: ['cada 8 horas', 'tres veces por día'], meaning: 'frecuencia (anotarla como se dijo)' },
  { said: ['hace una semana que…', 'desde el lunes'], meaning: 'tiempo de evolución' },
  { said: ['la nena', 'el nene', 'el bebé'], meaning: 'el paciente pediátrico (hija, hijo)' },
  { said: ['el pediatra de cabecera', 'el médico de cabecera', 'el clínico'], meaning: 'su médico de atención primaria' },
  { said: ['me duele la panza'], meaning: 'dolor abdominal' },
  { said: ['estoy descompuesto', 'me cayó mal la comida'], meaning: 'malestar digestivo (náuseas, vómitos o diarrea según lo dicho)' },
  { said: ['anginas', 'placas en la garganta'], meaning: 'amigdalitis' },
  { said: ['me falta el aire', 'me agito'], meaning: 'disnea' },
  { said: ['le chifla el pecho'], meaning: 'sibilancias' },
  { said: ['me salieron ronchas'], meaning: 'lesiones urticarianas' },
  { said: ['me arde al hacer pis'], meaning: 'disuria' },
  { said: ['la placa', 'la eco', 'el electro', 'los análisis'], meaning: 'radiografía, ecografía, electrocardiograma, laboratorio' },
  { said: ['toma la teta', 'toma pecho', 'la mamadera'], meaning: 'lactancia materna, biberón' },
  { said: ['fiebre no tuve', 'no, para nada', 'que yo sepa no'], meaning: 'lo niega (negativo pertinente si se le preguntó)' },
  { said: ['el remedio', 'la pastilla'], meaning: 'el medicamento (nombrarlo solo si se dijo cuál)' },
  { said: ['la obra social', 'la prepaga'], meaning: 'cobertura de salud (no es un dato clínico)' },
];

/** The glossary as prompt lines: `- «me agarró fiebre», «volé de fiebre»: tuvo fiebre…`. */
export function glossaryText(entries: readonly GlossaryEntry[] = CLINICAL_GLOSSARY): string {
  return entries.map((entry) => `- ${entry.said.map((s) => `«${s}»`).join(', ')}: ${entry.meaning}.`).join('\n');
}
