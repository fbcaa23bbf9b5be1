import { describe, expect, it } from 'vitest';
import { parseDni } from './patient';

describe('parseDni', () => {
  it('takes the DNI with or without dots, and none when empty', () => {
    expect(parseDni('30.123.456')).toEqual({ ok: true, dni: '30123456' });
    expect(parseDni(' 7654321 ')).toEqual({ ok: true, dni: '7654321' });
    expect(parseDni('')).toEqual({ ok: true, dni: undefined });
  });
  it('refuses anything else with a Spanish message', () => {
    for (const typed of ['30-123-456', 'abc', '123', '123456789']) {
      expect(parseDni(typed)).toEqual({ ok: false, message: expect.stringMatching(/^El DNI lleva solo números/) });
    }
  });
});
