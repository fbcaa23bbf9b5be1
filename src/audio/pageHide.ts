/**
 * When the page may be about to disappear (tab hidden, closed, navigated away, laptop lid shut),
 * buffered audio must reach IndexedDB now: `pagehide` and a hidden `visibilitychange` are the last
 * events a page reliably gets (`beforeunload`/`unload` are not fired on mobile or in bfcache).
 */

/** Calls `onHide` whenever the page may be going away; returns the unsubscribe. */
export type PageHideEvents = (onHide: () => void) => () => void;

export const browserPageHideEvents: PageHideEvents = (onHide) => {
  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') onHide();
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('visibilitychange', onVisibilityChange);
  };
};
