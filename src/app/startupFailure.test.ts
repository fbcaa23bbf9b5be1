import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { UnsupportedBrowserError } from '../shared/errors';
import { startupFailureMessage } from './startupFailure';

describe('startupFailureMessage', () => {
  it('sends a browser without IndexedDB (or anything else Escriba needs) to another browser, not to a normal window', () => {
    for (const error of [new Dexie.MissingAPIError(), new UnsupportedBrowserError('Sin Web Locks')]) {
      const message = startupFailureMessage(error);
      expect(message).toMatch(/Chrome, Edge o Chromium/);
      expect(message).not.toMatch(/privada|incógnito/);
    }
  });

  it('asks for disk space when the database cannot be opened for lack of it', () => {
    const quota = new Dexie.OpenFailedError('open failed', new DOMException('quota', 'QuotaExceededError'));
    expect(startupFailureMessage(quota)).toMatch(/espacio/);
  });

  it('mentions private windows only for a database that failed to open', () => {
    const message = startupFailureMessage(new Dexie.OpenFailedError('open failed'));
    expect(message).toMatch(/base de datos/);
    expect(message).toMatch(/privada/);
  });
});
