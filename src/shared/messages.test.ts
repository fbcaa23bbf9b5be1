/** Every named error the doctor can meet has words of its own, never the generic "error inesperado". */
import { describe, expect, it } from 'vitest';
import * as errors from './errors';
import { spanishMessage } from './messages';

const GENERIC = spanishMessage(new Error('x'));

describe('spanishMessage', () => {
  it('gives each named error its own Spanish message', () => {
    const named = Object.entries(errors).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof errors.EscribaError,
    );
    const generic: string[] = [];
    // Constructor arguments where 'x' will not do.
    const args: Record<string, unknown[]> = { AudioDecodeError: ['consulta.mp3', 'undecodable'] };
    for (const [exportName, value] of named) {
      const instance: unknown = Reflect.construct(value as new (...args: unknown[]) => Error, args[exportName] ?? ['x', []]);
      if (spanishMessage(instance) === GENERIC) generic.push(exportName);
    }
    // Worded where they are shown, with details only the screen knows (invalid catalogue: the Modelos screen).
    expect(generic).toEqual(['InvalidCatalogError']);
    expect(named.length).toBeGreaterThan(25);
  });

  it('keeps a subclass apart from its parent: a lost GPU is not an ordinary generation failure', () => {
    const lost = spanishMessage(new errors.NoteGpuLostError('x'));
    expect(lost).toMatch(/^La placa de video dejó de responder/);
    expect(spanishMessage(new errors.NoteGenerationError('x'))).not.toBe(lost);
    expect(spanishMessage(new errors.NoteModelMissingError('x'))).toMatch(/^Falta descargar parte del modelo de texto/);
  });

  it('explains a model file held open by another tab (OPFS NoModificationAllowedError)', () => {
    const held = new DOMException('onnx/model.onnx.part is open for writing', 'NoModificationAllowedError');
    expect(spanishMessage(held)).toMatch(/^Otra pestaña o ventana de Escriba está usando los archivos de este modelo/);
  });
});
