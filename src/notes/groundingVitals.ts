/**
 * Grounding for vital signs: the note holds numbers in fixed units (noteSchema.ts VITAL_UNITS);
 * what was said is converted into those units ("14/9" → 140/90 mmHg, "1,65" → 165 cm, "3 kilos
 * 200" → 3.2 kg, "38 y medio" → 38.5 °C) and compared. A bare number also needs the cited text to
 * talk about that sign ("pulso", "saturando", "pesa"…): "anotá 80" is not a heart rate of 80. A
 * decimal between 34 and 43 is the one exception: said alone, it is a temperature.
 */
import { VITAL_UNITS, type BloodPressure, type Measurement, type VitalKey } from './noteSchema';
import { pressuresIn, quantitiesSaid, type Quantity } from './quantities';
import { normalizeSpanish } from './spanishNumbers';

type MeasuredKey = Exclude<VitalKey, 'bloodPressure'>;

/** Words that show the cited text is about this sign (normalized text, padded with spaces). */
const TOPIC: Record<MeasuredKey, RegExp> = {
  heartRate: / (cardiaca|fc|pulso|latidos|lpm|pulsaciones|ppm|frecuencia(?! respiratoria)) /,
  respiratoryRate: / (respiratoria|fr|respiraciones|respira|rpm) /,
  temperature: / (temperatura|fiebre|febril|afebril|grados|°c?|termometro|temp) /,
  spo2: / (saturacion|saturando|satura|saturo|sat|oxigeno|oximetro|%) /,
  weight: / (peso|pesa|pesas|pesaba|pesando|pesaje|kilos?|kg|kilogramos?) /,
  height: / (mide|medis|mido|midio|talla|altura|estatura|metros?|cm|centimetros?|mts?) /,
};

const TOPIC_NAMES: Record<MeasuredKey, string> = {
  heartRate: 'la frecuencia cardíaca',
  respiratoryRate: 'la frecuencia respiratoria',
  temperature: 'la temperatura',
  spo2: 'la saturación',
  weight: 'el peso',
  height: 'la talla',
};

/** The values of `quantity` in the sign's unit, or none if its unit is another dimension. */
function inSignUnit(key: MeasuredKey, quantity: Quantity): number[] {
  const { value, unit } = quantity;
  switch (key) {
    case 'heartRate':
      return unit === null || unit === 'lpm' ? [value] : [];
    case 'respiratoryRate':
      return unit === null || unit === 'rpm' ? [value] : [];
    case 'temperature':
      return unit === null || unit === 'C' ? [value] : [];
    case 'spo2':
      return unit === null || unit === '%' ? [value] : [];
    case 'weight':
      if (unit === 'g') return [value / 1000];
      return unit === null || unit === 'kg' ? [value] : [];
    case 'height':
      if (unit === 'm') return [value * 100];
      // "mide 1,65": a bare number under 3 is metres.
      if (unit === null) return value < 3 ? [value, value * 100] : [value];
      return unit === 'cm' ? [value] : [];
  }
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;
const spanish = (value: number) => String(Math.round(value * 1000) / 1000).replace('.', ',');

/** Problems (Spanish) with `vital` as supported by `text` (the cited segments, named `refs`). */
export function vitalCheck(key: VitalKey, vital: BloodPressure | Measurement, text: string, refs: string): string[] {
  if ('systolic' in vital) return pressureCheck(vital, text, refs);
  if (key === 'bloodPressure') return ['La presión no tiene sistólica y diastólica.'];
  const unit = VITAL_UNITS[key];
  const said = quantitiesSaid(text).flatMap((q) => inSignUnit(key, q));
  const written = `${spanish(vital.value)} ${unit}`;
  if (!said.some((value) => close(value, vital.value))) {
    const heard = [...new Set(said.map(spanish))].slice(0, 6);
    const detail = heard.length > 0 ? ` (se dijo: ${heard.join(', ')})` : ' (no se dijo ningún valor)';
    return [`${written} no coincide con lo dicho en ${refs}${detail}.`];
  }
  // "Tenés treinta y ocho coma cinco": a decimal in the febrile range is a temperature on its own.
  const speaksForItself = key === 'temperature' && !Number.isInteger(vital.value) && vital.value >= 34 && vital.value <= 43;
  if (!speaksForItself && !TOPIC[key].test(` ${normalizeSpanish(text)} `)) {
    return [`${refs} dice ${spanish(vital.value)} pero no habla de ${TOPIC_NAMES[key]}.`];
  }
  return [];
}

function pressureCheck(vital: BloodPressure, text: string, refs: string): string[] {
  const said = pressuresIn(text);
  const written = `${vital.systolic}/${vital.diastolic}`;
  if (said.some((p) => p.systolic === vital.systolic && p.diastolic === vital.diastolic)) return [];
  if (said.length === 0) return [`La presión ${written} mmHg no se dice en ${refs}.`];
  const heard = [...new Set(said.map((p) => `${p.systolic}/${p.diastolic}`))].join(', ');
  return [`La presión ${written} mmHg no coincide con lo dicho en ${refs} (${heard}).`];
}
