/**
 * Pinning a web-llm build to one commit when the catalogue names a branch (`main`): a branch can
 * move while a multi-gigabyte download is paused for days, and resuming it from the branch would
 * mix shards (and the manifest) of two builds. So before any file of the build, the install asks
 * the host which commit the branch is at and fetches every file from `resolve/<commit>/`.
 *
 * The question is Hugging Face's model API, `GET {host}/api/models/{repo}/revision/{revision}`,
 * whose JSON answer carries the commit as `sha` (huggingface.js `modelInfo`, huggingface_hub
 * `model_info`); the hub answers it with CORS headers like its files. The answer is downloaded like
 * a file of the build into the store (`<id>/<modelId>/revision.json`): a pause, a reload or a
 * dropped connection finds it there and resumes from the same commit, and deleting the build
 * deletes it. It stays while the build is installed, so a shard fetched again later (evicted from
 * the cache) comes from the commit of the manifest web-llm already has.
 *
 * Only where bytes come from changes: web-llm's cache keys keep the catalogue's revision
 * (webLlmFiles.ts), because web-llm looks the build up under the catalogue's URL.
 */
import { ModelDownloadError, ModelRevisionError } from '../shared/errors';
import { isRecord } from '../shared/isRecord';
import type { RepoSource, WebLlmModel, WebLlmVariant } from './catalogSchema';
import type { DownloadFile } from './download.types';
import { webLlmStorePrefix } from './webLlmFiles';

export const REVISION_RECORD_FILE = 'revision.json';
/** The host whose API is known; any other host may or may not offer it (see `hostLacksRevisionApi`). */
export const HUGGING_FACE_HUB = 'https://huggingface.co';

const COMMIT = /^[0-9a-f]{40}$/;

export function isCommit(revision: string): boolean {
  return COMMIT.test(revision);
}

/** Hugging Face's answer for a revision; the revision is one path segment (`refs/pr/1` → `refs%2Fpr%2F1`). */
export function revisionApiUrl(source: RepoSource): string {
  const host = source.host.replace(/\/+$/, '');
  return `${host}/api/models/${source.repo}/revision/${encodeURIComponent(source.revision)}`;
}

/** The record to download before the build's files; undefined when the catalogue already names a commit. */
export function revisionRecordFile(model: WebLlmModel, variant: WebLlmVariant): DownloadFile | undefined {
  if (isCommit(variant.source.revision)) return undefined;
  return { key: `${webLlmStorePrefix(model, variant)}${REVISION_RECORD_FILE}`, url: revisionApiUrl(variant.source) };
}

/**
 * A host other than the hub that answers 404 has no such API: a clinic's server or a folder served
 * over HTTP that reproduces the `resolve/` layout only. Its files are taken at the catalogue's
 * revision, as before (on such a host the branch moves only when the clinic copies a new build).
 * On the hub a 404 means the repository or branch is gone, which is an error.
 */
export function hostLacksRevisionApi(source: RepoSource, error: unknown): boolean {
  return error instanceof ModelDownloadError && error.status === 404 && new URL(source.host).origin !== HUGGING_FACE_HUB;
}

/** The commit in the API's answer; a ModelRevisionError when it is not JSON or names no commit. */
export function commitOfRecord(text: string, what: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelRevisionError(`${what}: the host's answer is not JSON`, { cause: error });
  }
  const sha = isRecord(json) ? json.sha : undefined;
  if (typeof sha !== 'string' || !isCommit(sha)) throw new ModelRevisionError(`${what}: the host's answer names no commit (sha)`);
  return sha;
}
