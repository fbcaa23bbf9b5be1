/**
 * The real transformers.js runtime loading a (tiny, generated) tokenizer from Escriba's model store:
 * proves the store is where the runtime reads from, with the network closed. Plumbing, not quality.
 */
import { AutoTokenizer, env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { MemoryModelStore } from './store.memory';
import { STORE_URL_PREFIX, storeCache, useModelStore } from './transformersStore';

const TOKENIZER = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [],
  normalizer: null,
  pre_tokenizer: { type: 'Whitespace' },
  post_processor: null,
  decoder: null,
  model: { type: 'WordLevel', vocab: { '[UNK]': 0, dolor: 1, de: 2, cabeza: 3 }, unk_token: '[UNK]' },
};

async function storeWith(files: Record<string, unknown>): Promise<MemoryModelStore> {
  const store = new MemoryModelStore();
  for (const [key, json] of Object.entries(files)) {
    const part = await store.openPart(key);
    await part.append(new TextEncoder().encode(JSON.stringify(json)));
    await part.close();
    await store.commitPart(key);
  }
  return store;
}

describe('transformers.js on the model store', () => {
  it('loads a tokenizer from the store by catalogue id, without touching the network', async () => {
    const store = await storeWith({
      'tokenizador-prueba/tokenizer.json': TOKENIZER,
      'tokenizador-prueba/tokenizer_config.json': { tokenizer_class: 'PreTrainedTokenizerFast' },
    });
    let puts = 0;
    const fetchCalls: string[] = [];
    // transformers.js fetches through env.fetch (bound at load), so that is where to watch.
    const realFetch = env.fetch;
    env.fetch = (input) => {
      fetchCalls.push(String(input));
      return Promise.reject(new Error('network is closed in this test'));
    };
    try {
      useModelStore(env, store);
      const cache = env.customCache as ReturnType<typeof storeCache>;
      const put = cache.put;
      cache.put = async () => {
        puts++;
        return put();
      };
      const tokenizer = await AutoTokenizer.from_pretrained('tokenizador-prueba');
      expect(tokenizer.encode('dolor de cabeza')).toEqual([1, 2, 3]);
    } finally {
      env.fetch = realFetch;
    }
    expect(fetchCalls).toEqual([]);
    expect(puts).toBe(0);
  });

  it('fails to load a model that is not in the store, reaching for nothing but the .invalid prefix', async () => {
    useModelStore(env, new MemoryModelStore());
    const fetchCalls: string[] = [];
    const realFetch = env.fetch;
    env.fetch = (input) => {
      fetchCalls.push(String(input));
      return Promise.reject(new TypeError('getaddrinfo ENOTFOUND'));
    };
    try {
      await expect(AutoTokenizer.from_pretrained('no-instalado')).rejects.toThrow();
    } finally {
      env.fetch = realFetch;
    }
    expect(fetchCalls.length).toBeGreaterThan(0);
    expect(fetchCalls.every((url) => url.startsWith(STORE_URL_PREFIX))).toBe(true);
  });

  it('answers only keys under its own prefix, and misses cleanly', async () => {
    const store = await storeWith({ 'm/config.json': { a: 1 } });
    const cache = storeCache(store);
    expect(await (await cache.match(`${STORE_URL_PREFIX}m/config.json`))?.json()).toEqual({ a: 1 });
    expect(await cache.match(`${STORE_URL_PREFIX}m/otro.json`)).toBeUndefined();
    expect(await cache.match('/models/m/config.json')).toBeUndefined();
  });
});
