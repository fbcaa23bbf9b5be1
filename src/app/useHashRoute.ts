/** Hash routes: they survive reloads and offline starts without any server-side routing. */
import { useSyncExternalStore } from 'react';

export type Route = { screen: 'consultations' } | { screen: 'models' } | { screen: 'consultation'; encounterId: string };

export const MODELS_HREF = '#/modelos';

export function parseRoute(hash: string): Route {
  if (hash === MODELS_HREF) return { screen: 'models' };
  const match = /^#\/consulta\/([\w-]+)$/.exec(hash);
  return match?.[1] ? { screen: 'consultation', encounterId: match[1] } : { screen: 'consultations' };
}

export function consultationHref(encounterId: string): string {
  return `#/consulta/${encounterId}`;
}

export const CONSULTATIONS_HREF = '#/';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
