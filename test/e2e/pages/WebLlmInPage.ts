/**
 * web-llm's view of the page's storage, for specs: the installed @mlc-ai/web-llm (its lib/index.js,
 * which the spec copies to the app server's /models/webllm/) imported in the page, plus plain reads
 * of Cache Storage and the OPFS model store. The calls are sent as source text so that nothing the
 * test runner does to `import()` reaches the browser.
 */
import type { Page } from 'playwright-core';

const WEBLLM_MODULE = '/models/webllm/index.js';

export interface WebLlmAppConfig {
  model_list: { model: string; model_id: string; model_lib: string }[];
}

export class WebLlmInPage {
  constructor(
    readonly page: Page,
    readonly appConfig: WebLlmAppConfig,
  ) {}

  /** web-llm's own `hasModelInCache(modelId, appConfig)`: manifest and every shard in its cache. */
  hasModelInCache(modelId: string): Promise<boolean> {
    return this.page.evaluate(
      `import(${JSON.stringify(WEBLLM_MODULE)}).then((webllm) => webllm.hasModelInCache(${JSON.stringify(modelId)}, ${JSON.stringify(this.appConfig)}))`,
    ) as Promise<boolean>;
  }

  /**
   * Starts web-llm's real `CreateMLCEngine` and returns how it failed (the fake library cannot be
   * instantiated, and there is no usable GPU): its words, to show it did not fail on the network.
   */
  loadError(modelId: string): Promise<string> {
    return this.page.evaluate(`(async () => {
      const webllm = await import(${JSON.stringify(WEBLLM_MODULE)});
      try {
        await webllm.CreateMLCEngine(${JSON.stringify(modelId)}, { appConfig: ${JSON.stringify(this.appConfig)} });
        return 'loaded';
      } catch (error) {
        return error instanceof Error ? error.name + ': ' + error.message : String(error);
      }
    })()`) as Promise<string>;
  }

  /** Every URL in web-llm's Cache Storage caches, sorted, by cache name. */
  cachedUrls(): Promise<Record<string, string[]>> {
    return this.page.evaluate(async () => {
      const out: Record<string, string[]> = {};
      for (const name of ['webllm/config', 'webllm/model', 'webllm/wasm']) {
        out[name] = (await (await caches.open(name)).keys()).map((request) => request.url).sort();
      }
      return out;
    });
  }

  /** Every file (complete or `.part`) in Escriba's OPFS model store, by path. */
  opfsFiles(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const files: string[] = [];
      const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
        for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
          if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
          else files.push(`${prefix}${name}`);
        }
      };
      const root = await navigator.storage.getDirectory();
      const models = await root.getDirectoryHandle('models').catch(() => undefined);
      if (models) await walk(models, '');
      return files.sort();
    });
  }
}
