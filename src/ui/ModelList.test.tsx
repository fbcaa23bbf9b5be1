// The unit project has no DOM: this checks the markup of a model row on the server renderer.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import catalogText from '../../models/catalog.json?raw';
import { parseCatalog } from '../model-manager/catalog';
import { ModelList, type ModelRow } from './ModelList';

const json: { models: Record<string, unknown>[] } = JSON.parse(catalogText);
const base = json.models.find((m) => m['id'] === 'qwen2.5-1.5b-instruct-onnx')!;
const catalog = parseCatalog({
  ...json,
  models: [...json.models, { ...base, id: 'escriba-med-es-qwen', name: 'Escriba médico ES', experimental: true, baseModel: base['id'] }],
});

function row(id: string, recommended: boolean): ModelRow {
  const model = catalog.byId(id)!;
  const variant = model.variants[0]!;
  return { model, feasibility: { ok: true, device: 'wasm', variant }, size: { knownBytes: 1e9, unknownFiles: 0, unknownPaths: [], fileListUnknown: false }, vramMB: null, recommended };
}

describe('ModelList', () => {
  it('marks an experimental model (a fine-tune under evaluation) and only that one', () => {
    const html = renderToStaticMarkup(
      <ModelList title="Redacción de notas" rows={[row('qwen2.5-1.5b-instruct-onnx', true), row('escriba-med-es-qwen', false)]} />,
    );
    const [general, fineTune] = html.split('<li').slice(1);
    expect(general).toContain('Recomendado');
    expect(general).not.toContain('Experimental');
    expect(fineTune).toContain('Escriba médico ES');
    expect(fineTune).toContain('>Experimental</span>');
  });
});
