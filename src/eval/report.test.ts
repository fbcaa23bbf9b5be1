import { describe, expect, it } from 'vitest';
import { fieldScore } from './fieldCounts';
import { medication, note, reference } from './evalNote.testkit';
import { caseReport, overallReport, type CaseRun, type EvalReport } from './report';
import { renderTable } from './table';

const timings = {
  noteSeconds: 10,
  stopToNoteSeconds: null,
  transcriptCatchUpSeconds: null,
  noteModelLoadSeconds: 1,
  outputTokens: 300,
  tokensPerSecond: 30,
  audioSeconds: null,
  realTimeFactor: null,
  speechEngineSeconds: null,
};

function run(name: string, ok: boolean): CaseRun {
  return {
    evalCase: {
      name,
      turns: [{ speaker: 'M', text: 'Tome ibuprofeno de seiscientos cada ocho horas.', line: 1 }],
      reference: reference({ medications: [{ name: 'Ibuprofeno', dose: '600 mg', frequency: 'cada 8 horas', status: 'nuevo' }] }),
    },
    note: ok ? note({ medications: [medication('Ibuprofeno', '600 mg', 'cada 8 horas', 'inicia')] }) : null,
    flags: [],
    answers: ok ? { valid: 1, total: 2 } : { valid: 0, total: 2 },
    segments: [{ text: 'Tome ibuprofeno de seiscientos cada ocho horas.' }],
    ...(ok ? {} : { error: 'El modelo no devolvió una nota válida.' }),
    warnings: [],
    timings: ok ? timings : { ...timings, tokensPerSecond: null },
  };
}

describe('fieldScore', () => {
  it('follows the conventions for empty sides', () => {
    expect(fieldScore({ correct: 0, noteItems: 0, found: 0, referenceItems: 0 }).f1).toBeNull();
    expect(fieldScore({ correct: 0, noteItems: 0, found: 0, referenceItems: 2 })).toMatchObject({ precision: null, recall: 0, f1: 0 });
    expect(fieldScore({ correct: 0, noteItems: 1, found: 0, referenceItems: 0 })).toMatchObject({ precision: 0, recall: null, f1: 0 });
    expect(fieldScore({ correct: 1, noteItems: 2, found: 1, referenceItems: 1 }).f1).toBeCloseTo(2 / 3);
  });
});

describe('overall', () => {
  it('adds counts across cases; a failed note lowers recall and the valid-note rate', () => {
    const cases = [caseReport(run('a', true), 'text'), caseReport(run('b', false), 'text')];
    const overall = overallReport(cases);
    expect(overall.validNoteRate).toBe(0.5);
    expect(overall.validAnswerRate).toBe(0.25);
    expect(overall.fields.medications).toMatchObject({ correct: 1, noteItems: 1, found: 1, referenceItems: 2, precision: 1, recall: 0.5 });
    expect(overall.f1.overall).toBeCloseTo(2 / 3);
    expect(overall.wer).toBeNull();
    expect(overall.roleAccuracy).toBeNull();
    expect(overall.roleAccuracyReason).toMatch(/rol/);
    expect(overall.timings.meanTokensPerSecond).toBe(30);
  });

  it('renders a table that names the models and warns about fixtures', () => {
    const cases = [caseReport(run('caso-uno', true), 'text'), caseReport(run('caso-dos', false), 'text')];
    const report: EvalReport = {
      fixture: true,
      models: { speech: null, note: { id: 'llm-fixture', name: 'LLM de prueba (nota fija)', fixture: true } },
      mode: 'text',
      template: 'consulta_general',
      casesDir: 'models/eval/cases',
      startedAt: '2026-01-01T00:00:00.000Z',
      seconds: 12,
      cases,
      caseErrors: [{ case: 'roto', problems: ['roto.ref.json › medications[0].status: Opción inválida'] }],
      networkViolations: [],
      overall: overallReport(cases),
    };
    const table = renderTable(report);
    expect(table).toContain('LLM de prueba (nota fija) [llm-fixture] (modelo de prueba)');
    expect(table).toContain('MODELOS DE PRUEBA');
    expect(table).toMatch(/^caso-uno .* sí /m);
    expect(table).toMatch(/^caso-dos .* NO /m);
    expect(table).toMatch(/^TOTAL .* 50 % /m);
    expect(table).toContain('sin nota: El modelo no devolvió una nota válida.');
    expect(table).toContain('roto.ref.json › medications[0].status');
  });
});
