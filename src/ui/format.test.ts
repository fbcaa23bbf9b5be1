import { describe, expect, it } from 'vitest';
import { countOf, formatAudioLength, formatBytes, formatDuration, isoDuration } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [9_999, '0:09'],
    [10_240, '0:10'],
    [65_000, '1:05'],
    [3_723_000, '1:02:03'],
    [-5, '0:00'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('isoDuration', () => {
  it('keeps up to centiseconds without trailing zeros', () => {
    expect(isoDuration(10_240)).toBe('PT10.24S');
    expect(isoDuration(3_000)).toBe('PT3S');
    expect(isoDuration(0)).toBe('PT0S');
  });
});

describe('formatBytes', () => {
  it('uses decimal units and Spanish decimals', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_920_000)).toBe('1,9 MB');
    expect(formatBytes(250_000_000_000)).toBe('250 GB');
  });
});

describe('formatAudioLength', () => {
  it.each([
    [0, '0 s'],
    [400, 'menos de 1 s'],
    [8_900, '8 s'],
    [44_600, '44 s'],
    [125_000, '2 min 5 s'],
    [120_000, '2 min'],
    [3_780_000, '1 h 3 min'],
  ])('%d ms reads %s', (ms, text) => expect(formatAudioLength(ms)).toBe(text));
});

describe('countOf', () => {
  it('says one or many', () => {
    expect(countOf(1, 'segmento', 'segmentos')).toBe('1 segmento');
    expect(countOf(0, 'segmento', 'segmentos')).toBe('0 segmentos');
  });
});
