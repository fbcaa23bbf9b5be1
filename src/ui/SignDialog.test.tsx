// The unit project has no DOM: this checks the dialog's markup on the server renderer. Checking
// the boxes and signing are covered end to end (note-ui.spec.ts).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NoteFinding } from '../storage/types';
import { SignDialog } from './SignDialog';

const FLAGS: NoteFinding[] = [
  { path: 'medications.1', label: 'Medicamento: Amoxicilina', level: 'revisar', reason: '«amoxicilina» no se menciona en 0:03.' },
  { path: 'pertinentNegatives.0', label: 'Negativo: Sin fiebre', level: 'revisar', reason: 'En 0:01 no se niega.' },
];
const render = (flags: readonly NoteFinding[] | null) =>
  renderToStaticMarkup(<SignDialog flags={flags} onSign={() => Promise.resolve()} onCancel={() => undefined} />);

describe('SignDialog', () => {
  it('lists each open flag with its reason and a «Revisado» checkbox, unchecked, and cannot sign yet', () => {
    const html = render(FLAGS);
    expect(html).toContain('aria-labelledby="sign-dialog-title"');
    expect(html).toContain('Quedan 2 elementos marcados «Revisar»');
    for (const flag of FLAGS) {
      expect(html).toContain(flag.label);
      expect(html).toContain(flag.reason);
      expect(html).toContain(`type="checkbox" aria-label="Revisado: ${flag.label}"`);
    }
    expect(html).not.toContain('checked=""');
    expect(html).toContain('Faltan revisar 2 elementos.');
    expect(html).toMatch(/<button type="button" class="primary" disabled="">Firmar nota<\/button>/);
    expect(html).toContain('>Cancelar</button>');
  });

  it('with nothing open, only says what signing means and can sign', () => {
    const html = render([]);
    expect(html).toContain('Una nota firmada no se puede modificar');
    expect(html).not.toContain('checkbox');
    expect(html).toMatch(/<button type="button" class="primary">Firmar nota<\/button>/);
  });

  it('waits for grounding before offering to sign', () => {
    const html = render(null);
    expect(html).toContain('Comprobando la nota con la transcripción…');
    expect(html).toMatch(/class="primary" disabled="">Firmar nota/);
  });
});
