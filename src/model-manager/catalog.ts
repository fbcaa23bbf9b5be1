/**
 * Loads the model catalogue (models/catalog.json, a local folder's or a clinic server's copy),
 * validates it against the format in catalogSchema.ts, and answers the questions the rest of the
 * app asks of it: which model has this id, which models do this task, which variant runs here.
 */
import { z } from '../shared/zod';
import { InvalidCatalogError } from '../shared/errors';
import {
  CatalogSchema,
  type Catalog,
  type CatalogModel,
  type Device,
  type GpuFeature,
  type ModelVariant,
  type RepoFile,
  type RepoSource,
  type Task,
  type TransformersJsModel,
  type TransformersJsVariant,
  type WebLlmModel,
  type WebLlmVariant,
} from './catalogSchema';

/** A validated catalogue with its lookups. */
export interface LoadedCatalog {
  readonly catalog: Catalog;
  readonly models: readonly CatalogModel[];
  byId(id: string): CatalogModel | undefined;
  byTask(task: Task): CatalogModel[];
}

/** Validates a parsed catalogue; throws InvalidCatalogError listing every problem in Spanish. */
export function parseCatalog(json: unknown): LoadedCatalog {
  const result = CatalogSchema.safeParse(json, { error: z.locales.es().localeError });
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue);
    throw new InvalidCatalogError(
      `El catálogo de modelos no es válido (${problems.length} ${problems.length === 1 ? 'problema' : 'problemas'}): ${problems.join('; ')}`,
      problems,
      { cause: result.error },
    );
  }
  return withLookups(result.data);
}

/**
 * Loads the catalogue from a URL (the app's own, a local folder served to it, a clinic server) or
 * from already-parsed JSON. Network and JSON failures become InvalidCatalogError too: either way
 * the app has no catalogue it can trust.
 */
export async function loadCatalog(source: string | URL | unknown, fetchImpl: typeof fetch = fetch): Promise<LoadedCatalog> {
  if (typeof source !== 'string' && !(source instanceof URL)) return parseCatalog(source);
  const url = String(source);
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new InvalidCatalogError(`No se pudo leer el catálogo de modelos (${url}).`, ['sin conexión con el servidor'], {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new InvalidCatalogError(`No se pudo leer el catálogo de modelos (${url}): el servidor respondió ${response.status}.`, [
      `HTTP ${response.status}`,
    ]);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new InvalidCatalogError(`El catálogo de modelos (${url}) no es JSON válido.`, ['JSON inválido'], { cause: error });
  }
  return parseCatalog(json);
}

function withLookups(catalog: Catalog): LoadedCatalog {
  const index = new Map(catalog.models.map((model) => [model.id, model]));
  return {
    catalog,
    models: catalog.models,
    byId: (id) => index.get(id),
    byTask: (task) => catalog.models.filter((model) => model.task === task),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export interface VariantOptions {
  /** Adapter features, when known. Without them only variants that need no GPU feature qualify. */
  features?: readonly string[];
}

/**
 * The variant of `model` to run on `device`: the first one (catalogue order is preference order)
 * whose required GPU features the adapter has. For web-llm that means q4f16 with `shader-f16`,
 * q4f32 without it.
 */
export function variantFor(model: WebLlmModel, device: Device, options?: VariantOptions): WebLlmVariant | undefined;
export function variantFor(
  model: TransformersJsModel,
  device: Device,
  options?: VariantOptions,
): TransformersJsVariant | undefined;
export function variantFor(model: CatalogModel, device: Device, options?: VariantOptions): ModelVariant | undefined;
export function variantFor(model: CatalogModel, device: Device, options: VariantOptions = {}): ModelVariant | undefined {
  const features = new Set(options.features ?? []);
  const fits = (variant: ModelVariant) =>
    variant.device === device && variant.requiredFeatures.every((feature: GpuFeature) => features.has(feature));
  // Two branches keep each engine's variant type without a cast.
  return model.engine === 'web-llm' ? model.variants.find(fits) : model.variants.find(fits);
}

/** Whether `revision` names one commit (pinned) rather than a branch that can move. */
export function isPinnedRevision(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/** URL of a file in a repository, in the Hugging Face layout that clinic mirrors reproduce. */
export function fileUrl(source: RepoSource, path: string): string {
  const host = source.host.replace(/\/+$/, '');
  return `${host}/${source.repo}/resolve/${encodeURIComponent(source.revision)}/${path}`;
}

/** The source a variant downloads from: the model's own for transformers.js, the build's for web-llm. */
export function variantSource(model: CatalogModel, variant: ModelVariant): RepoSource {
  if ('source' in variant) return variant.source;
  if (model.engine === 'transformers.js') return model.source;
  throw new Error(`variant for ${variant.device} does not belong to model ${model.id}`);
}

/** The catalogued files a variant needs (empty for web-llm builds, whose files come from their manifest). */
export function variantFiles(model: CatalogModel, variant: ModelVariant): RepoFile[] {
  if (model.engine !== 'transformers.js' || !('files' in variant)) return [];
  const byPath = new Map(model.source.files.map((file) => [file.path, file]));
  return variant.files.flatMap((path) => byPath.get(path) ?? []);
}

export interface DownloadEstimate {
  /** Sum of exact sizes where known, else of the host's rounded sizes: a lower bound if `unknownFiles` > 0. */
  knownBytes: number;
  /** Files whose size the catalogue does not know (read from Content-Length at download time). */
  unknownFiles: number;
  /** Their paths, so a screen can say what they are (weights or small JSON files). */
  unknownPaths: string[];
  /** True when the variant's file list itself is unknown (web-llm: read from its manifest). */
  fileListUnknown: boolean;
}

export function downloadEstimate(model: CatalogModel, variant: ModelVariant): DownloadEstimate {
  if (model.engine === 'web-llm') return { knownBytes: 0, unknownFiles: 0, unknownPaths: [], fileListUnknown: true };
  let knownBytes = 0;
  const unknownPaths: string[] = [];
  for (const file of variantFiles(model, variant)) {
    const size = file.bytes ?? file.approxBytes;
    if (size === null) unknownPaths.push(file.path);
    else knownBytes += size;
  }
  return { knownBytes, unknownFiles: unknownPaths.length, unknownPaths, fileListUnknown: false };
}
