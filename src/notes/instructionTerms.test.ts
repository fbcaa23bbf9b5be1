import { describe, expect, it } from 'vitest';
import { followUpTerms, instructionTermSaid, instructionTerms } from './instructionTerms';
import { saidText } from './terms';

const said = (term: string, text: string) => instructionTermSaid(term, saidText(text));

describe('instruction terms', () => {
  it('keeps what the instruction asks for, not the words that frame it', () => {
    expect(instructionTerms('Tomar abundante líquido.')).toEqual(['liquido']);
    expect(instructionTerms('Evitar lácteos y grasas.')).toEqual(['evitar', 'lacteos', 'grasas']);
    expect(followUpTerms('Control en 7 días.')).toEqual([]);
    expect(followUpTerms('Control con cardiología en una semana.')).toEqual(['cardiologia']);
  });

  it('finds an infinitive said as a voseo or usted imperative, and an instruction said in its spoken form', () => {
    expect(said('volver', 'Volvé a consultar si levanta fiebre.')).toBe(true);
    expect(said('volver', 'Vuelva en una semana.')).toBe(true);
    expect(said('evitar', 'Evitá los lácteos.')).toBe(true);
    expect(said('hacer', 'Haga reposo.')).toBe(true);
    expect(said('liquido', 'Hidratate bien.')).toBe(true);
    expect(said('hidratacion', 'Tomá mucha agua.')).toBe(true);
    expect(said('reposo', 'Descansá dos días.')).toBe(true);
    expect(said('empeoramiento', 'Si empeora, vuelva.')).toBe(true);
    expect(said('aparece', 'Si le sale alguna mancha, vuelva.')).toBe(true);
  });

  it('does not find what was not said', () => {
    expect(said('liquido', 'Tomá paracetamol de quinientos.')).toBe(false);
    expect(said('reposo', 'Podés seguir con tu vida normal.')).toBe(false);
    expect(said('evitar', 'Tomá el antibiótico con comida.')).toBe(false);
  });
});
