/**
 * Note templates: the narrative sections a note has, each with a Spanish title and the guidance
 * the model (and a new colleague) would need to fill it. The built-ins ship with the app; the
 * doctor's own templates pass through `validateTemplate`, which derives each section's id from its
 * title, so the same title always gives the same key in the note JSON.
 */
import type { NoteTemplate } from '../storage/types';

export type TemplateSection = NoteTemplate['sections'][number];

export const MAX_TEMPLATE_SECTIONS = 12;
export const MAX_TEMPLATE_NAME_CHARS = 80;
export const MAX_SECTION_TITLE_CHARS = 80;
/** Guidance goes into every prompt: long guidance eats the transcript's share of the context window. */
export const MAX_SECTION_GUIDANCE_CHARS = 600;
const MAX_SECTION_ID_CHARS = 48;

const section = (id: string, title: string, guidance: string): TemplateSection => ({ id, title, guidance });

const MOTIVO = section(
  'motivo_consulta',
  'Motivo de consulta',
  'Por qué consulta, en una o dos frases, con las palabras del paciente cuando sea posible.',
);

export const BUILT_IN_TEMPLATES: readonly NoteTemplate[] = [
  {
    id: 'consulta_general',
    name: 'Consulta clínica general',
    builtIn: true,
    sections: [
      MOTIVO,
      section(
        'enfermedad_actual',
        'Enfermedad actual',
        'Relato cronológico del problema: inicio y tiempo de evolución ("hace una semana que…"), características, síntomas acompañantes, qué tomó y cómo respondió.',
      ),
      section(
        'antecedentes',
        'Antecedentes',
        'Antecedentes personales (enfermedades, cirugías, internaciones), medicación habitual, alergias, antecedentes familiares y hábitos (tabaco, alcohol) que se mencionaron.',
      ),
      section(
        'examen_fisico',
        'Examen físico',
        'Signos vitales y hallazgos del examen que el profesional dijo en voz alta. Si no se dijo nada del examen, dejar vacío.',
      ),
      section(
        'diagnostico_presuntivo',
        'Diagnóstico presuntivo',
        'Diagnóstico o diagnósticos que planteó el profesional y los diferenciales que mencionó.',
      ),
      section(
        'plan_indicaciones',
        'Plan e indicaciones',
        'Tratamiento con dosis, vía, frecuencia y duración; estudios pedidos; derivaciones; pautas de alarma; cuándo volver a control.',
      ),
    ],
  },
  {
    id: 'soap',
    name: 'SOAP',
    builtIn: true,
    sections: [
      section(
        'subjetivo',
        'Subjetivo',
        'Lo que refiere el paciente o su acompañante: motivo de consulta, síntomas con su inicio y evolución, antecedentes y medicación que menciona.',
      ),
      section(
        'objetivo',
        'Objetivo',
        'Lo constatado en la consulta: signos vitales, examen físico y resultados de estudios que se comentaron.',
      ),
      section(
        'evaluacion',
        'Evaluación',
        'Impresión diagnóstica del profesional tal como la expresó: diagnósticos presuntivos o confirmados y diferenciales.',
      ),
      section(
        'plan',
        'Plan',
        'Medicación indicada (dosis, vía, frecuencia, duración), estudios, derivaciones, indicaciones al paciente y control.',
      ),
    ],
  },
  {
    id: 'pediatria',
    name: 'Pediatría',
    builtIn: true,
    sections: [
      section(
        'motivo_consulta',
        'Motivo de consulta',
        'Por qué consultan, según quien acompaña (madre, padre, otro); indicar quién informa si se dice.',
      ),
      section(
        'enfermedad_actual',
        'Enfermedad actual',
        'Evolución del cuadro: inicio, fiebre (valores y cómo se midió), tos, vómitos, diarrea, cambios en el apetito, el sueño o el ánimo; qué se le dio y en qué dosis.',
      ),
      section(
        'antecedentes',
        'Antecedentes perinatales y personales',
        'Embarazo, parto, edad gestacional y peso al nacer si se mencionan; enfermedades previas, internaciones, alergias y medicación habitual.',
      ),
      section(
        'crecimiento',
        'Crecimiento',
        'Peso, talla y perímetro cefálico de hoy, con percentiles o la evolución respecto de controles anteriores si se dijeron.',
      ),
      section(
        'alimentacion',
        'Alimentación',
        'Lactancia materna o fórmula (mamadera), incorporación de sólidos, apetito y comidas, según lo conversado.',
      ),
      section(
        'vacunas',
        'Vacunas',
        'Estado del carnet de vacunación según el calendario nacional; vacunas aplicadas o pendientes que se mencionaron.',
      ),
      section(
        'desarrollo',
        'Desarrollo',
        'Pautas madurativas mencionadas (sostén cefálico, sedestación, marcha, lenguaje, control de esfínteres), escolaridad y conducta.',
      ),
      section('examen_fisico', 'Examen físico', 'Signos vitales y hallazgos del examen que el profesional dijo en voz alta.'),
      section('diagnostico', 'Diagnóstico', 'Diagnóstico o diagnósticos que planteó el profesional.'),
      section(
        'plan_indicaciones',
        'Plan e indicaciones',
        'Tratamiento con dosis (por peso si se dijo), pautas de alarma para la familia, próximo control.',
      ),
    ],
  },
  {
    id: 'enfermedad_cronica',
    name: 'Control de enfermedad crónica',
    builtIn: true,
    sections: [
      section(
        'motivo_control',
        'Motivo del control',
        'Enfermedades que se controlan (hipertensión, diabetes, EPOC, hipotiroidismo…) y motivo de la visita.',
      ),
      section(
        'evolucion',
        'Evolución desde el último control',
        'Síntomas, descompensaciones, internaciones y registros domiciliarios (presión, glucemias) tal como se dijeron.',
      ),
      section(
        'adherencia',
        'Adherencia y tolerancia',
        'Si toma la medicación como está indicada, olvidos, efectos adversos, dificultades para conseguirla; dieta, actividad física y hábitos.',
      ),
      section(
        'resultados',
        'Resultados de estudios',
        'Valores de laboratorio u otros estudios comentados (HbA1c, glucemia, colesterol, creatinina, TSH…) con su fecha si se dijo.',
      ),
      section('examen_fisico', 'Examen físico', 'Signos vitales, peso, perímetro de cintura y hallazgos del examen dichos en la consulta.'),
      section('evaluacion', 'Evaluación', 'Grado de control de cada enfermedad según el profesional y problemas nuevos.'),
      section(
        'plan',
        'Plan',
        'Cambios de medicación (inicia, suspende, modifica dosis), estudios, metas, derivaciones y fecha del próximo control.',
      ),
    ],
  },
];

export const DEFAULT_TEMPLATE_ID = 'consulta_general';

export function builtInTemplate(id: string): NoteTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((template) => template.id === id);
}

/** A section's id from its title: ASCII, lower case, words joined by "_" ("Examen físico" → "examen_fisico"). */
export function sectionIdFromTitle(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_SECTION_ID_CHARS)
    .replace(/_+$/, '');
}

/** What the doctor edits: a name and sections with title and guidance (ids are derived). */
export interface TemplateDraft {
  name: string;
  sections: readonly { title: string; guidance: string }[];
}

export type TemplateValidation = { ok: true; template: NoteTemplate } | { ok: false; problems: string[] };

/** Checks a doctor-made template and builds it with derived section ids; every problem is listed, in Spanish. */
export function validateTemplate(draft: TemplateDraft, id: string): TemplateValidation {
  const problems: string[] = [];
  const name = draft.name.trim();
  if (!name) problems.push('La plantilla necesita un nombre.');
  if (name.length > MAX_TEMPLATE_NAME_CHARS) {
    problems.push(`El nombre de la plantilla es demasiado largo (máximo ${MAX_TEMPLATE_NAME_CHARS} caracteres).`);
  }
  if (draft.sections.length === 0) problems.push('La plantilla necesita al menos una sección.');
  if (draft.sections.length > MAX_TEMPLATE_SECTIONS) {
    problems.push(`Una plantilla puede tener hasta ${MAX_TEMPLATE_SECTIONS} secciones.`);
  }

  const seen = new Map<string, number>();
  const sections = draft.sections.map((raw, index) => {
    const at = `Sección ${index + 1}`;
    const title = raw.title.trim();
    const guidance = raw.guidance.trim();
    const sectionId = sectionIdFromTitle(title);
    if (!title) {
      problems.push(`${at}: falta el título.`);
    } else if (!sectionId) {
      problems.push(`${at}: el título «${title}» necesita letras o números.`);
    } else if (seen.has(sectionId)) {
      problems.push(`${at}: «${title}» se llama igual que la sección ${(seen.get(sectionId) ?? 0) + 1}.`);
    } else {
      seen.set(sectionId, index);
    }
    if (title.length > MAX_SECTION_TITLE_CHARS) {
      problems.push(`${at}: el título es demasiado largo (máximo ${MAX_SECTION_TITLE_CHARS} caracteres).`);
    }
    if (guidance.length > MAX_SECTION_GUIDANCE_CHARS) {
      problems.push(`${at}: la guía es demasiado larga (máximo ${MAX_SECTION_GUIDANCE_CHARS} caracteres).`);
    }
    return { id: sectionId, title, guidance };
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, template: { id, name, sections, builtIn: false } };
}
