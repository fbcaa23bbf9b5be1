/**
 * The line the list shows after «Eliminar consulta» sends the doctor back to it ("Se eliminó la
 * consulta de …"). Memory only: it says what just happened in this tab and is gone on reload.
 */
import { useSyncExternalStore } from 'react';

let notice: string | null = null;
const listeners = new Set<() => void>();

function publish(next: string | null): void {
  notice = next;
  for (const listener of [...listeners]) listener();
}

export function announceDeleted(text: string): void {
  publish(text);
}

export function dismissDeletedNotice(): void {
  publish(null);
}

export function useDeletedNotice(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => notice,
  );
}
