import { describe, expect, it } from 'vitest';
import { groundNote, type GroundingFinding } from './grounding';
import { emptyNote } from './noteSchema';

/** Grounds one pertinent negative against a short exchange (segments s1…sn, in order). */
function groundNegative(text: string, lines: readonly string[], evidence = lines.map((_, i) => `s${i + 1}`)): GroundingFinding {
  const note = { ...emptyNote({ sections: [] }), pertinentNegatives: [{ text, evidence }] };
  const findings = groundNote(
    note,
    lines.map((line, i) => ({ id: `s${i + 1}`, text: line })),
  );
  const [finding] = findings;
  if (!finding || findings.length !== 1) throw new Error('expected one finding');
  return finding;
}

describe('pertinent negatives', () => {
  it.each([
    ['Sin fiebre', ['Fiebre no tuve, eso no.']],
    ['Niega fiebre', ['¿Tuviste fiebre?', 'No, para nada.']],
    ['Niega alergias', ['¿Alergias a algún medicamento?', 'No, ninguna, que yo sepa.']],
    ['Niega alergias', ['Alérgico no soy.']],
    ['Sin tos ni disnea', ['Ni tos ni falta de aire, nada.']],
    ['Niega dolor torácico', ['No, doctora, dolor de pecho no tengo.']],
    ['Sin vómitos', ['¿Vomitaste?', 'No.']],
    ['Sin ideas de autolesión', ['¿Pensaste en hacerte daño?', 'No, nunca.']],
  ])('«%s» is supported by a denial: %j', (text, lines) => {
    expect(groundNegative(text, lines)).toMatchObject({ level: 'ok', label: `Negativo: ${text}` });
  });

  it('flags a negative whose finding was affirmed, quoting what was said', () => {
    const finding = groundNegative('Sin fiebre', ['¿Tuviste fiebre?', 'Sí, tuve fiebre anoche.']);
    expect(finding.level).toBe('revisar');
    expect(finding.reason).toBe('La nota lo da por negado, pero en s2 se dijo: "Sí, tuve fiebre anoche".');
  });

  it('flags an affirmation said on its own, and one beside a denial of something else', () => {
    expect(groundNegative('Niega fiebre', ['Me agarró fiebre el sábado.']).level).toBe('revisar');
    const mixed = groundNegative('Sin tos', ['Fiebre no, pero tos tengo un montón.']);
    expect(mixed.level).toBe('revisar');
    expect(mixed.reason).toContain('"tos tengo un montón"');
  });

  it('flags a finding that was only asked about, or named without a denial', () => {
    expect(groundNegative('Sin fiebre', ['¿Tuviste fiebre?', 'Mmm, puede ser, no me tomé la temperatura.']).reason).toMatch(
      /^En s1 solo se pregunta/,
    );
    // "Temperatura" measures, it does not deny: 36,5 is no denial of fever.
    expect(groundNegative('Niega fiebre', ['Tenés 36,5 de temperatura.'])).toMatchObject({
      level: 'revisar',
      reason: 'En s1 no se niega.',
    });
  });

  it('flags a negative whose finding is not in the cited segments, or that cites nothing', () => {
    expect(groundNegative('Sin diarrea', ['Fiebre no tuve.']).reason).toBe('«diarrea» no se menciona en s1.');
    expect(groundNegative('Sin diarrea', ['Diarrea no.'], []).reason).toBe('No cita ningún fragmento de la transcripción.');
  });
});
