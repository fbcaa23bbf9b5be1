/**
 * The files of a web-llm build and where web-llm 0.2.86 looks for each one. The catalogue does not
 * list them (`source.files` is null): they come from the build itself, in two steps.
 *
 * 1. `mlc-chat-config.json` and the weight manifest `tensor-cache.json` (the only manifest name
 *    0.2.86 reads: `TENSOR_CACHE_MANIFEST_FILENAME`), and for a build web-llm loads through a model
 *    package manifest (`model_manifest`, e.g. Gemma 4) that file too: web-llm reads it first, into
 *    `webllm/config`, and 0.2.86 accepts only those two names for the files it points at.
 * 2. From those: every shard (`records[].dataPath`, exact size `nbytes`), the one tokenizer file
 *    web-llm reads (`tokenizer.json` when `tokenizer_files` names it, else `tokenizer.model`;
 *    `asyncLoadTokenizer` ignores the rest) and the model library (`model_lib`), checked against
 *    the catalogue's `modelLibSha256` where it has one.
 *
 * Each file has a store key (where Escriba's downloader writes it) and a Cache Storage entry: the
 * cache name and the exact URL web-llm's `ArtifactCache` matches when it loads the build with the
 * app config of `appConfigFor` (webLlmNoteEngine.ts): `cleanModelUrl(record.model)` + path for the
 * config (`webllm/config`), tokenizer, manifest and shards (`webllm/model`), and `model_lib` as
 * given for the library (`webllm/wasm`). A key that differs by one character is a cache miss, and
 * web-llm would then download the file again by itself.
 *
 * Where a file is fetched from (`url`) may differ from its key: when the catalogue names a branch,
 * the install resolves it to a commit first (webLlmRevision.ts) and fetches from
 * `resolve/<commit>/`, while the key keeps the catalogue's revision that web-llm looks up.
 */
import { ModelManifestError } from '../shared/errors';
import { fileUrl } from './catalog';
import type { WebLlmModel, WebLlmVariant } from './catalogSchema';
import type { DownloadFile } from './download.types';

export const CHAT_CONFIG_FILE = 'mlc-chat-config.json';
export const TENSOR_CACHE_FILE = 'tensor-cache.json';
/** The store path of the model library (its URL's own name could collide with a repository file). */
export const MODEL_LIB_PATH = 'model_lib.wasm';

export const WEBLLM_CACHES = ['webllm/config', 'webllm/model', 'webllm/wasm'] as const;
export type WebLlmCacheName = (typeof WEBLLM_CACHES)[number];

/** A file to download, and the Cache Storage entry web-llm will read it from. */
export interface WebLlmFile extends DownloadFile {
  cache: WebLlmCacheName;
  /** The Request URL web-llm matches, character for character. */
  cacheUrl: string;
}

export interface TensorCacheShard {
  dataPath: string;
  nbytes: number;
}

/**
 * The build's base URL as web-llm computes it (`cleanModelUrl`): the catalogue's
 * `{host}/{repo}/resolve/{revision}/`, which already has the `/resolve/…/` web-llm would add.
 */
export function webLlmModelUrl(variant: WebLlmVariant): string {
  return new URL(fileUrl(variant.source, '')).href;
}

/**
 * web-llm fetches a library whose URL contains "localhost" or is not http(s) on every load without
 * caching it (`fetchWasmSource` in `reloadInternal`): such a build cannot work offline.
 */
export function webLlmCachesModelLib(modelLib: string): boolean {
  return modelLib.startsWith('http') && !modelLib.includes('localhost');
}

function storeKey(model: WebLlmModel, variant: WebLlmVariant, path: string): string {
  return `${model.id}/${variant.modelId}/${path}`;
}

/** Where the build's files live in Escriba's store while they download (`<id>/<modelId>/`). */
export function webLlmStorePrefix(model: WebLlmModel, variant: WebLlmVariant): string {
  return `${model.id}/${variant.modelId}/`;
}

/** The build's source to fetch from: the catalogue's, or at the commit its branch was resolved to. */
function fetchSource(variant: WebLlmVariant, commit: string | undefined) {
  return commit === undefined ? variant.source : { ...variant.source, revision: commit };
}

function repoFile(
  model: WebLlmModel,
  variant: WebLlmVariant,
  path: string,
  cache: WebLlmCacheName,
  { bytes, commit }: { bytes?: number; commit?: string | undefined } = {},
): WebLlmFile {
  return {
    key: storeKey(model, variant, path),
    url: fileUrl(fetchSource(variant, commit), path),
    cache,
    cacheUrl: new URL(path, webLlmModelUrl(variant)).href,
    ...(bytes === undefined ? {} : { bytes }),
  };
}

/** Step 1: what must be read before the rest of the file list is known (`commit`: where to fetch it). */
export function webLlmManifestFiles(
  model: WebLlmModel,
  variant: WebLlmVariant,
  commit?: string,
): { chatConfig: WebLlmFile; tensorCache: WebLlmFile; packageManifest?: WebLlmFile } {
  return {
    chatConfig: repoFile(model, variant, CHAT_CONFIG_FILE, 'webllm/config', { commit }),
    tensorCache: repoFile(model, variant, TENSOR_CACHE_FILE, 'webllm/model', { commit }),
    ...(variant.modelManifest === undefined
      ? {}
      : { packageManifest: repoFile(model, variant, variant.modelManifest, 'webllm/config', { commit }) }),
  };
}

/** A path inside the repository: relative, no `..`, no backslash, no query. */
function isRepoPath(path: string): boolean {
  return /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\\?#]+$/.test(path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shards of `tensor-cache.json`, checked: a manifest that cannot be trusted stops the download. */
export function parseTensorCache(json: unknown): TensorCacheShard[] {
  const records = isRecord(json) ? json.records : undefined;
  if (!Array.isArray(records) || records.length === 0) {
    throw new ModelManifestError(`${TENSOR_CACHE_FILE} does not list any shard (records)`);
  }
  const seen = new Set<string>();
  return records.map((record, i) => {
    const dataPath = isRecord(record) ? record.dataPath : undefined;
    const nbytes = isRecord(record) ? record.nbytes : undefined;
    if (typeof dataPath !== 'string' || !isRepoPath(dataPath) || dataPath === TENSOR_CACHE_FILE) {
      throw new ModelManifestError(`${TENSOR_CACHE_FILE}: records[${i}].dataPath is not a file of the build`);
    }
    if (typeof nbytes !== 'number' || !Number.isSafeInteger(nbytes) || nbytes <= 0) {
      throw new ModelManifestError(`${TENSOR_CACHE_FILE}: records[${i}].nbytes is not a size in bytes`);
    }
    if (seen.has(dataPath)) throw new ModelManifestError(`${TENSOR_CACHE_FILE}: ${dataPath} is listed twice`);
    seen.add(dataPath);
    return { dataPath, nbytes };
  });
}

/** The tokenizer file web-llm reads for this chat config (`asyncLoadTokenizer`). */
export function tokenizerFileOf(chatConfig: unknown): 'tokenizer.json' | 'tokenizer.model' {
  const files = isRecord(chatConfig) ? chatConfig.tokenizer_files : undefined;
  if (Array.isArray(files) && files.includes('tokenizer.json')) return 'tokenizer.json';
  if (Array.isArray(files) && files.includes('tokenizer.model')) return 'tokenizer.model';
  throw new ModelManifestError(`${CHAT_CONFIG_FILE}: tokenizer_files names neither tokenizer.json nor tokenizer.model`);
}

/** Step 2: every file web-llm reads to load the build, manifests included (`commit`: where to fetch them). */
export function webLlmBuildFiles(
  model: WebLlmModel,
  variant: WebLlmVariant,
  chatConfig: unknown,
  tensorCache: unknown,
  commit?: string,
): WebLlmFile[] {
  if (!webLlmCachesModelLib(variant.modelLib)) {
    throw new ModelManifestError(`${variant.modelLib}: web-llm does not cache this model library, so it cannot work offline`);
  }
  const manifests = webLlmManifestFiles(model, variant, commit);
  const shards = parseTensorCache(tensorCache).map((shard) =>
    repoFile(model, variant, shard.dataPath, 'webllm/model', { bytes: shard.nbytes, commit }),
  );
  // Files of unknown size first: once the shards start, the total (and its progress bar) is known.
  return [
    ...(manifests.packageManifest ? [manifests.packageManifest] : []),
    manifests.chatConfig,
    manifests.tensorCache,
    repoFile(model, variant, tokenizerFileOf(chatConfig), 'webllm/model', { commit }),
    modelLibFile(model, variant),
    ...shards,
  ];
}

/**
 * The build's model library. Its URL is not in the hub layout (it is served from GitHub), so in a
 * provisioning folder it goes into the build's own folder under its file name.
 */
function modelLibFile(model: WebLlmModel, variant: WebLlmVariant): WebLlmFile {
  const url = new URL(variant.modelLib);
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  return {
    key: storeKey(model, variant, MODEL_LIB_PATH),
    url: variant.modelLib,
    cache: 'webllm/wasm',
    cacheUrl: url.href,
    folderPath: `${variant.source.repo}/${name}`,
    ...(variant.modelLibSha256 ? { sha256: variant.modelLibSha256 } : {}),
  };
}

/** What a provisioning folder must hold for the build before the rest of its list can be read. */
export function webLlmFolderEntryFiles(model: WebLlmModel, variant: WebLlmVariant): WebLlmFile[] {
  const { chatConfig, tensorCache, packageManifest } = webLlmManifestFiles(model, variant);
  return [...(packageManifest ? [packageManifest] : []), chatConfig, tensorCache, modelLibFile(model, variant)];
}

/**
 * The library's SHA-256 as an SRI string (`sha256-<base64>`), the form web-llm's `integrity.model_lib`
 * takes: the same fact the download checks, verified again by web-llm each time it loads the build.
 */
export function modelLibIntegrity(variant: WebLlmVariant): string | undefined {
  const hex = variant.modelLibSha256;
  if (!hex) return undefined;
  const bytes = hex.match(/../g)?.map((pair) => String.fromCharCode(parseInt(pair, 16))) ?? [];
  return `sha256-${btoa(bytes.join(''))}`;
}
