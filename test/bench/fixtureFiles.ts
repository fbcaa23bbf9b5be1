/**
 * Browser-side helpers shared by the bench and harness pages (served by a Vite dev server rooted at
 * the repository): the fixture catalogue's models, the fixture WAV as samples, and a model's files
 * written straight into Escriba's OPFS model store, as if downloaded and verified.
 */
import { parseCatalog, variantFiles } from '../../src/model-manager/catalog';
import type { TransformersJsModel } from '../../src/model-manager/catalogSchema';
import { resolveRelativeHosts } from '../../src/model-manager/catalogSource';

/** The dev server is rooted at the repository, so fixtures are served from their own folders. */
export const FIXTURES = '/test/fixtures';

export async function fixtureTransformersModel(id: string): Promise<TransformersJsModel> {
  const json: unknown = await (await fetch(`${FIXTURES}/models/catalog.json`)).json();
  const model = parseCatalog(resolveRelativeHosts(json, location.origin)).byId(id);
  if (model?.engine !== 'transformers.js') throw new Error(`${id} is not a transformers.js model`);
  return model;
}

/** 16-bit PCM mono samples as floats (the fixture audio is written in exactly that format). */
export async function readWav(url: string): Promise<Float32Array> {
  const view = new DataView(await (await fetch(url)).arrayBuffer());
  const ascii = (at: number) => String.fromCharCode(...new Uint8Array(view.buffer, at, 4));
  for (let offset = 12; offset + 8 <= view.byteLength; ) {
    const size = view.getUint32(offset + 4, true);
    if (ascii(offset) === 'data') return Float32Array.from({ length: size / 2 }, (_, i) => view.getInt16(offset + 8 + 2 * i, true) / 32_768);
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${url} has no data chunk`);
}

/** Where the fixture hub is on a dev server rooted at the repository (which serves no /models/). */
function fixtureFileUrl(model: TransformersJsModel, path: string): string {
  return `${FIXTURES}/models/hub/${model.source.repo}/resolve/${model.source.revision}/${path}`;
}

/**
 * Writes every variant's files into OPFS where the model store reads them: models/<id>/<path>.
 * `urlOf` says where to fetch each one (by default the fixture hub; a bench serving a catalogue
 * passes the catalogue's own host).
 */
export async function installIntoStore(
  model: TransformersJsModel,
  urlOf: (model: TransformersJsModel, path: string) => string = fixtureFileUrl,
): Promise<string[]> {
  const paths = [...new Set(model.variants.flatMap((variant) => variantFiles(model, variant).map((file) => file.path)))];
  for (const path of paths) {
    const response = await fetch(urlOf(model, path));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    let directory = await navigator.storage.getDirectory();
    const parts = ['models', model.id, ...path.split('/')];
    for (const part of parts.slice(0, -1)) directory = await directory.getDirectoryHandle(part, { create: true });
    const writable = await (await directory.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
    await writable.write(await response.arrayBuffer());
    await writable.close();
  }
  return paths;
}
