/**
 * Service worker registration. A new version waits until the doctor presses "Actualizar": switching
 * code under a running recording would be worse than running one version behind.
 */
import { Workbox } from 'workbox-window';

export interface UpdateHandle {
  /** Activates the waiting version; the page reloads once it controls. */
  apply(): void;
}

export function registerServiceWorker(onUpdateReady: (update: UpdateHandle) => void): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    onUpdateReady({
      apply() {
        wb.addEventListener('controlling', () => window.location.reload());
        wb.messageSkipWaiting();
      },
    });
  });
  wb.register().catch((error: unknown) => {
    // Without a service worker the app still works online; offline start-up is what is lost.
    console.error('No se pudo registrar el service worker', error);
  });
}
