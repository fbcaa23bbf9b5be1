import { describe, expect, it } from 'vitest';
import { MODELS_HREF, consultationHref, parseRoute } from './useHashRoute';

describe('parseRoute', () => {
  it('reads a consultation id and falls back to the list for anything else', () => {
    const id = crypto.randomUUID();
    expect(parseRoute(consultationHref(id))).toEqual({ screen: 'consultation', encounterId: id });
    expect(parseRoute(MODELS_HREF)).toEqual({ screen: 'models' });
    expect(parseRoute('')).toEqual({ screen: 'consultations' });
    expect(parseRoute('#/consulta/')).toEqual({ screen: 'consultations' });
    expect(parseRoute('#/otra')).toEqual({ screen: 'consultations' });
  });
});
