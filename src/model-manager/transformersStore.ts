/**
 * transformers.js reads model files from Escriba's model store, never from the network and never
 * into a cache of its own (so no file is stored twice). Models are loaded by catalogue id
 * (`from_pretrained('whisper-base')`) and the runtime is told to ask for `<id>/<path>` with no
 * revision: which revision is on disk is the catalogue's and the downloader's business (pinned,
 * verified), and transformers.js 4 probes some files at revision "main" whatever it is given.
 */
import type { ModelStore } from './store';

/** A host that resolves nowhere (RFC 6761): requests are only ever answered by the store. */
export const STORE_URL_PREFIX = 'https://modelos.escriba.invalid/';

/** The part of transformers.js' `env` this module sets. */
export interface TransformersEnv {
  useCustomCache: boolean;
  customCache: unknown;
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  useBrowserCache: boolean;
  useFSCache: boolean;
  remoteHost: string;
  remotePathTemplate: string;
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
}

/**
 * What transformers.js gets when it asks the network for a file: "not found". It asks only for
 * files the store does not have (optional ones it probes, or a model installed incompletely); the
 * host never resolves, but even a failed DNS lookup is a request leaving the computer, and a
 * 404 lets the runtime skip optional files and fail clearly on required ones.
 */
export async function noNetwork(): Promise<Response> {
  return new Response(null, { status: 404, statusText: 'No está en el almacén de modelos de Escriba' });
}

/** The Web-Cache-shaped object transformers.js asks (`match`) and would fill (`put`). */
export function storeCache(store: ModelStore) {
  return {
    async match(request: string): Promise<Response | undefined> {
      if (!request.startsWith(STORE_URL_PREFIX)) return undefined;
      return store.response(decodeURI(request.slice(STORE_URL_PREFIX.length)));
    },
    // Escriba's downloader is the only writer: whatever transformers.js would add is a second copy.
    async put(): Promise<void> {},
  };
}

export function useModelStore(env: TransformersEnv, store: ModelStore): void {
  env.useCustomCache = true;
  env.customCache = storeCache(store);
  // transformers.js refuses to run with both remote and local loading off. "Remote" is the store's
  // .invalid prefix: every file is answered from the store, and a file that is not installed is
  // "not found" without any request leaving the computer (noNetwork).
  env.allowRemoteModels = true;
  env.allowLocalModels = false;
  env.useBrowserCache = false;
  env.useFSCache = false;
  env.remoteHost = STORE_URL_PREFIX;
  env.remotePathTemplate = '{model}/';
  env.fetch = noNetwork;
}
