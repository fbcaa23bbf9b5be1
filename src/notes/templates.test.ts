import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_TEMPLATES,
  DEFAULT_TEMPLATE_ID,
  MAX_SECTION_GUIDANCE_CHARS,
  builtInTemplate,
  sectionIdFromTitle,
  validateTemplate,
} from './templates';

describe('built-in templates', () => {
  it('are the four the issue asks for, built in, with the default among them', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.name)).toEqual([
      'Consulta clínica general',
      'SOAP',
      'Pediatría',
      'Control de enfermedad crónica',
    ]);
    expect(BUILT_IN_TEMPLATES.every((t) => t.builtIn)).toBe(true);
    expect(builtInTemplate(DEFAULT_TEMPLATE_ID)?.name).toBe('Consulta clínica general');
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.id)).size).toBe(BUILT_IN_TEMPLATES.length);
  });

  it('have the sections a doctor expects', () => {
    expect(builtInTemplate('soap')?.sections.map((s) => s.title)).toEqual(['Subjetivo', 'Objetivo', 'Evaluación', 'Plan']);
    expect(builtInTemplate('consulta_general')?.sections.map((s) => s.id)).toEqual([
      'motivo_consulta',
      'enfermedad_actual',
      'antecedentes',
      'examen_fisico',
      'diagnostico_presuntivo',
      'plan_indicaciones',
    ]);
    const pediatric = builtInTemplate('pediatria')?.sections.map((s) => s.id) ?? [];
    expect(pediatric).toEqual(expect.arrayContaining(['crecimiento', 'alimentacion', 'vacunas', 'desarrollo']));
  });

  it('pass the same validation as a doctor-made template, ids included', () => {
    for (const template of BUILT_IN_TEMPLATES) {
      const result = validateTemplate(template, template.id);
      expect(result.ok, template.name).toBe(true);
      if (!result.ok) continue;
      // The built-ins may keep a shorter id than the title gives, but each is stable ASCII and guided.
      for (const section of template.sections) {
        expect(section.id).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
        expect(section.guidance.length).toBeGreaterThan(20);
      }
    }
  });
});

describe('sectionIdFromTitle', () => {
  it.each([
    ['Examen físico', 'examen_fisico'],
    ['  Diagnóstico presuntivo ', 'diagnostico_presuntivo'],
    ['Plan e indicaciones', 'plan_e_indicaciones'],
    ['Niño/a: ¿alimentación?', 'nino_a_alimentacion'],
    ['HbA1c y lípidos', 'hba1c_y_lipidos'],
    ['¿?', ''],
  ])('«%s» → %s', (title, id) => {
    expect(sectionIdFromTitle(title)).toBe(id);
  });
});

describe('validateTemplate', () => {
  it('builds a doctor-made template with ids derived from titles, trimmed', () => {
    const result = validateTemplate(
      {
        name: ' Control de embarazo ',
        sections: [
          { title: 'Edad gestacional', guidance: 'Semanas por FUM o ecografía. ' },
          { title: 'Controles', guidance: '' },
        ],
      },
      'tpl-1',
    );
    expect(result).toEqual({
      ok: true,
      template: {
        id: 'tpl-1',
        name: 'Control de embarazo',
        builtIn: false,
        sections: [
          { id: 'edad_gestacional', title: 'Edad gestacional', guidance: 'Semanas por FUM o ecografía.' },
          { id: 'controles', title: 'Controles', guidance: '' },
        ],
      },
    });
  });

  it('lists every problem in Spanish', () => {
    const result = validateTemplate(
      {
        name: '  ',
        sections: [
          { title: 'Examen físico', guidance: '' },
          { title: '', guidance: 'x' },
          { title: 'Examen Fisico', guidance: '' },
          { title: '¿?', guidance: '' },
          { title: 'Plan', guidance: 'x'.repeat(MAX_SECTION_GUIDANCE_CHARS + 1) },
        ],
      },
      'tpl-2',
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'La plantilla necesita un nombre.',
        'Sección 2: falta el título.',
        'Sección 3: «Examen Fisico» se llama igual que la sección 1.',
        'Sección 4: el título «¿?» necesita letras o números.',
        `Sección 5: la guía es demasiado larga (máximo ${MAX_SECTION_GUIDANCE_CHARS} caracteres).`,
      ],
    });
  });

  it('refuses a template without sections or with too many', () => {
    expect(validateTemplate({ name: 'Vacía', sections: [] }, 'x')).toEqual({
      ok: false,
      problems: ['La plantilla necesita al menos una sección.'],
    });
    const many = Array.from({ length: 13 }, (_, i) => ({ title: `Sección ${i + 1}`, guidance: '' }));
    const result = validateTemplate({ name: 'Larga', sections: many }, 'x');
    expect(result.ok).toBe(false);
  });
});
