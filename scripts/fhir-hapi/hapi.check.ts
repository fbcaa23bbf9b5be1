/**
 * Every Bundle the unit tests build (the note with every field, denied allergies, a correction,
 * the fixture text model's scripted note, each grounding case and visit, each evaluation case's
 * reference note) validated by HAPI FHIR's instance validator: zero errors. Prints
 * the validator's version and its warnings (mostly LOINC, SNOMED CT and ICD-10 codes it cannot
 * look up offline).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { noteToFhirBundle } from '../../src/export/fhir/bundle';
import { DENIED_ALLERGIES_NOTE, exportInput, FULL_NOTE, SIGNED_AT, VERSION_ID } from '../../src/export/fhir/bundle.testkit';
import { caseNote, GROUNDING_CASES } from '../../src/notes/groundingCases.testkit';
import { VISIT_CASES } from '../../src/notes/groundingVisit.testkit';
import { parseNote } from '../../src/notes/noteSchema';
import { evalCaseBundles } from '../../src/export/fhir/evalCases.testkit';
import { repositoryCases } from '../../src/eval/repositoryCases.testkit';
import { llmFixtureScript } from '../../test/fixtures/llm-fixture';

const POM = fileURLToPath(new URL('./pom.xml', import.meta.url));

it('validates every exported Bundle with zero HAPI errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'escriba-fhir-'));
  const bundles = [
    ['nota-completa', noteToFhirBundle(exportInput(FULL_NOTE, { patient: { dni: '30123456' } }))],
    ['niega-alergias', noteToFhirBundle(exportInput(DENIED_ALLERGIES_NOTE))],
    [
      'correccion',
      noteToFhirBundle(exportInput(FULL_NOTE, { version: { id: 'f0e1d2c3-b4a5-4968-8776-655443322110', version: 3, signedAt: SIGNED_AT + 60_000 }, corrects: { id: VERSION_ID } })),
    ],
    [
      'nota-del-modelo-de-prueba',
      noteToFhirBundle(
        exportInput(llmFixtureScript().note, {
          template: { name: 'Consulta clínica general', sections: Object.keys(llmFixtureScript().note.sections).map((id) => ({ id, title: id, guidance: '' })) },
        }),
      ),
    ],
    ...[...GROUNDING_CASES, ...VISIT_CASES].map((testCase, i) => {
      const parsed = parseNote(caseNote(testCase.note));
      if (!parsed.ok) throw new Error(`${testCase.name}: ${parsed.problems.join(' ')}`);
      return [`caso-${String(i + 1).padStart(2, '0')}`, noteToFhirBundle(exportInput(parsed.note))] as const;
    }),
    ...evalCaseBundles(repositoryCases()).map(([name, bundle]) => [`eval-${name}`, bundle] as const),
  ] as const;
  const files = bundles.map(([name, bundle]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(bundle, null, 2));
    return file;
  });
  let output: string;
  try {
    output = execFileSync('mvn', ['-q', '-B', '-f', POM, 'compile', 'exec:java', `-Dexec.args=${files.join(' ')}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // Exit status 1 means errors were found: show them.
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  const lines = output.split('\n').filter(Boolean);
  const summary = lines.find((line) => line.startsWith('SUMMARY'));
  const errors = lines.filter((line) => /^(ERROR|FATAL)\t/.test(line));
  const warnings = lines.filter((line) => line.startsWith('WARNING\t'));
  console.log(`${summary}\n${dir}\nwarnings by message:\n${countBy(warnings.map((w) => w.split('\t')[3]?.replace(/'[^']*'/g, "'…'") ?? ''))}`);
  expect(errors).toEqual([]);
  expect(summary).toMatch(new RegExp(`^SUMMARY\\tHAPI FHIR \\S+\\t${files.length} files\\t0 errors`));
});

function countBy(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => `${n}× ${item}`).join('\n');
}
