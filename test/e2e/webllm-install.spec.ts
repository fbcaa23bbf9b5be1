/**
 * A web-llm build installed through the Modelos screen (downloaded, or from a clinic's folder),
 * checked with web-llm's own code. The download names the build by branch ("main"), as the real
 * catalogue does: the host answers the hub's revision API, every file comes from that commit even
 * after the branch moved during the pause, and web-llm still finds the build under `resolve/main/`. The build is the fake one from
 * test/fixtures/models/webllm-fixture (real file names and formats, filler bytes), served by a
 * model host on 127.0.0.1 (another origin, like a hub; web-llm never caches a library from
 * "localhost"). The download is paused, survives a reload, resumes with HTTP Range after a
 * dropped connection, and is handed to web-llm's Cache Storage; then the real `hasModelInCache`
 * of the installed @mlc-ai/web-llm (its lib/index.js, served by the app server and imported in
 * the page) finds it, with no second copy in Escriba's OPFS store and no request to the host.
 * web-llm cannot run here (no GPU, no real weights): nothing in this spec generates text; its
 * real load path is followed only as far as the fake library.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FIXTURE_MODELS_DIR } from '../../scripts/serve.mjs';
import { launchBrowser } from '../support/browser';
import { ModelServer } from '../support/model-server';
import { serveApp } from '../support/server';
import { ModelsPage } from './pages/ModelsPage';
import { WebLlmInPage } from './pages/WebLlmInPage';

const NAME = 'web-llm de prueba';
const MODEL_ID = 'webllm-fixture';
/** Nothing listens on the discard port: any attempt to use the network for these files fails. */
const UNREACHABLE_HOST = 'http://127.0.0.1:9';

interface FixtureVariant {
  modelId: string;
  modelLib: string;
  source: { host: string; repo: string; revision: string };
}

/**
 * The fixture's catalogue entry with its files on `hostUrl` (named by `revision` if given, else by
 * its commit), and the folder the app server serves at /models/.
 */
function clinicFolder(hostUrl: string, revision?: string) {
  const catalog = JSON.parse(readFileSync(join(FIXTURE_MODELS_DIR, 'catalog.json'), 'utf8')) as { models: { id: string }[] };
  const entry = catalog.models.find((model) => model.id === MODEL_ID);
  if (!entry) throw new Error(`${MODEL_ID} is not in the fixture catalogue: run make_webllm_fixture.py`);
  const hosted = JSON.parse(JSON.stringify(entry).replaceAll('"/models/hub', `"${hostUrl}`)) as { variants: FixtureVariant[] };
  const commit = hosted.variants[0]!.source.revision;
  if (revision) for (const variant of hosted.variants) variant.source.revision = revision;
  const modelsDir = mkdtempSync(join(tmpdir(), 'escriba-webllm-'));
  writeFileSync(join(modelsDir, 'catalog.json'), JSON.stringify({ version: 1, models: [hosted] }));
  mkdirSync(join(modelsDir, 'webllm'));
  copyFileSync(createRequire(import.meta.url).resolve('@mlc-ai/web-llm'), join(modelsDir, 'webllm', 'index.js'));
  return { modelsDir, variant: hosted.variants[0]!, commit };
}

describe('Modelos: a web-llm build, installed by Escriba for web-llm', () => {
  it('downloads main at its commit with pause, reload, a moved branch and Range resume; web-llm finds every file, stored once', async () => {
    const host = await ModelServer.start({ root: join(FIXTURE_MODELS_DIR, 'hub') });
    onTestFinished(() => host.close());
    const { modelsDir, variant, commit } = clinicFolder(host.url, 'main');
    const repo = variant.source.repo;
    host.setBranch(repo, 'main', commit);
    // web-llm's keys: the catalogue's revision. The bytes: the commit main was at when the download began.
    const base = `${host.url}/${repo}/resolve/main/`;
    const shard0 = `${repo}/resolve/${commit}/params_shard_0.bin`;
    const revisionApi = `api/models/${repo}/revision/main`;
    const server = await serveApp({ modelsDir });
    const session = await launchBrowser({ origin: server.url });
    const models = await new ModelsPage(session.page).goto(server.url);
    const webllm = new WebLlmInPage(session.page, {
      model_list: [{ model: base, model_id: variant.modelId, model_lib: variant.modelLib }],
    });

    // Slow enough to pause in the middle of the first shard (256 KiB).
    host.setFaults(shard0, { bytesPerSecond: 60_000 });
    await models.downloadButton(NAME).click();
    await expect.poll(async () => Number(await models.progress(NAME).getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(40_000);
    await models.pauseButton(NAME).click();
    await models.row(NAME).getByText('En pausa', { exact: true }).waitFor();

    await session.page.reload();
    await models.hardwareSummary.waitFor();
    await models.row(NAME).getByText(/Descarga incompleta/).waitFor();

    // Meanwhile main moved to a commit whose files this host does not have: fetching from it would fail.
    host.setBranch(repo, 'main', 'd'.repeat(40));
    host.setFaults(shard0, { dropAtOffset: 200_000, times: 1 });
    const before = host.requests.length;
    await models.resumeButton(NAME).click();
    await models.row(NAME).getByText(/^Listo/).waitFor({ timeout: 60_000 });
    const installedAt = host.requests.length;

    const shardRequests = host.requests.slice(before).filter((r) => r.path === shard0);
    expect(shardRequests.some((r) => r.dropped)).toBe(true);
    expect(shardRequests.every((r) => r.status === 206 && Number(/bytes=(\d+)-/.exec(r.range ?? '')?.[1]) > 40_000)).toBe(true);
    // Asked once, before the first file; every file of the build came from that commit.
    expect(host.requests.filter((r) => r.path === revisionApi).map((r) => r.status)).toEqual([200]);
    expect(host.requests.findIndex((r) => r.path === revisionApi)).toBe(0);
    const repoFiles = host.requests.filter((r) => r.path.startsWith(`${repo}/resolve/`));
    expect(repoFiles.length).toBeGreaterThan(5);
    expect(repoFiles.every((r) => r.path.startsWith(`${repo}/resolve/${commit}/`) && r.status < 400)).toBe(true);
    expect(await models.row(NAME).getByText(/^Listo/).innerText()).toContain(`versión ${commit.slice(0, 7)}`);

    // The record of the commit stays with the build (a shard fetched again later comes from it too).
    await expectStoredOnceForWebLlm(webllm, base, variant, [`${MODEL_ID}/${variant.modelId}/revision.json`]);

    // Without the host: the installed state comes from web-llm's cache, and web-llm's own load
    // gets its config and library from there; it stops at the fake library, never at the network.
    await host.close();
    await session.page.reload();
    await models.hardwareSummary.waitFor();
    await models.row(NAME).getByText(/^Listo/).waitFor();
    expect(await webllm.hasModelInCache(variant.modelId)).toBe(true);
    // web-llm 0.2.86 read the chat config and the library from its cache, compiled the library (an
    // empty WebAssembly module) and failed in tvmjs' wrapper of the memory the module lacks: the
    // step after both lookups. A network attempt would have failed earlier, with a fetch error.
    const loadError = await webllm.loadError(variant.modelId);
    expect(loadError).not.toMatch(/fetch|network/i);
    expect(loadError).toMatch(/reading 'buffer'/);
    expect(host.requests).toHaveLength(installedAt);

    await models.removeButton(NAME).click();
    await models.downloadButton(NAME).waitFor();
    expect(await webllm.hasModelInCache(variant.modelId)).toBe(false);
    expect(Object.values(await webllm.cachedUrls()).flat()).toEqual([]);
    expect(await webllm.opfsFiles()).toEqual([]);
  });

  it('installs from a clinic\'s folder with no host at all, naming a missing shard first', async () => {
    const { modelsDir, variant } = clinicFolder(UNREACHABLE_HOST);
    const base = `${UNREACHABLE_HOST}/${variant.source.repo}/resolve/${variant.source.revision}/`;
    const server = await serveApp({ modelsDir });
    const session = await launchBrowser({ origin: server.url });
    const models = await new ModelsPage(session.page).goto(server.url);
    const webllm = new WebLlmInPage(session.page, {
      model_list: [{ model: base, model_id: variant.modelId, model_lib: variant.modelLib }],
    });
    await models.downloadButton(NAME).waitFor();

    await models.folderInput().setInputFiles(pendrive(variant, ['params_shard_2.bin']));
    await session.page.getByRole('status').filter({ hasText: `Instalando desde la carpeta: ${NAME}` }).waitFor();
    const refusal = models.row(NAME).getByRole('alert');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.innerText()).toContain(`A la carpeta le faltan archivos de este modelo (${variant.source.repo}/params_shard_2.bin)`);
    expect(await webllm.hasModelInCache(variant.modelId)).toBe(false);

    await models.folderInput().setInputFiles(pendrive(variant));
    await models.row(NAME).getByText(/^Listo/).waitFor({ timeout: 60_000 });
    await expectStoredOnceForWebLlm(webllm, base, variant);
  });
});

/** Stored once: web-llm's caches hold every file, Escriba's OPFS store none (nor a .part) but `records`. */
async function expectStoredOnceForWebLlm(webllm: WebLlmInPage, base: string, variant: FixtureVariant, records: string[] = []): Promise<void> {
  expect(await webllm.cachedUrls()).toEqual({
    'webllm/config': [`${base}mlc-chat-config.json`],
    'webllm/model': ['params_shard_0.bin', 'params_shard_1.bin', 'params_shard_2.bin', 'tensor-cache.json', 'tokenizer.json'].map((f) => base + f),
    'webllm/wasm': [variant.modelLib],
  });
  expect(await webllm.opfsFiles()).toEqual(records);
  expect(await webllm.hasModelInCache(variant.modelId)).toBe(true);
}

/**
 * The fixture build as a clinic copies it to a USB drive: `<owner>/<repo>/<file>`, the library in
 * the same folder under its own name; `leaveOut` files are not copied.
 */
function pendrive(variant: FixtureVariant, leaveOut: readonly string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'escriba-pendrive-'));
  const build = join(root, ...variant.source.repo.split('/'));
  mkdirSync(build, { recursive: true });
  const hub = join(FIXTURE_MODELS_DIR, 'hub', ...variant.source.repo.split('/'), 'resolve', variant.source.revision);
  for (const name of readdirSync(hub)) if (!leaveOut.includes(name)) copyFileSync(join(hub, name), join(build, name));
  const lib = new URL(variant.modelLib);
  const libName = lib.pathname.split('/').pop()!;
  copyFileSync(join(FIXTURE_MODELS_DIR, 'hub', ...lib.pathname.replace(/^\//, '').split('/')), join(build, libName));
  return root;
}
