import { describe, expect, it } from 'vitest';
import { ModelStorageFullError } from '../shared/errors';
import { spanishMessage } from '../shared/messages';
import { QUOTA_HEADROOM_BYTES, checkQuota } from './download.quota';

describe('checkQuota', () => {
  it('passes when what is left, plus room for recordings, fits', () => {
    expect(() => checkQuota(1e9, { quota: 10e9, usage: 1e9 })).not.toThrow();
  });

  it('throws ModelStorageFullError with the figures, explained in Spanish', () => {
    let error: unknown;
    try {
      checkQuota(2e9, { quota: 3e9, usage: 1.5e9 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelStorageFullError);
    expect(error).toMatchObject({ neededBytes: 2e9 + QUOTA_HEADROOM_BYTES, availableBytes: 1.5e9 });
    expect(spanishMessage(error)).toMatch(/hacen falta 2,1 GB y quedan 1,5 GB disponibles/);
  });

  it('says nothing when nothing is left to download or the browser gives no figures', () => {
    expect(() => checkQuota(0, { quota: 0, usage: 0 })).not.toThrow();
    expect(() => checkQuota(5e9, {})).not.toThrow();
  });
});
