/**
 * What the doctor reads when Escriba cannot open at all. The causes call for different actions:
 * a browser without what Escriba needs (switch browsers), a full disk (free space), or a database
 * that would not open (reload; private windows used to be the usual culprit).
 */
import Dexie from 'dexie';
import { StorageFullError, UnsupportedBrowserError, isQuotaError } from '../shared/errors';

export function startupFailureMessage(error: unknown): string {
  if (error instanceof UnsupportedBrowserError || error instanceof Dexie.MissingAPIError) {
    return 'Este navegador no permite que Escriba guarde las consultas en esta computadora. Abra Escriba en una versión reciente de Chrome, Edge o Chromium.';
  }
  if (error instanceof StorageFullError || isQuotaError(error)) {
    return 'No queda espacio en esta computadora para abrir la base de datos de Escriba. Libere espacio en el disco y recargue la página.';
  }
  return 'No se pudo abrir la base de datos de Escriba en este navegador. Recargue la página; si está en una ventana privada o de incógnito, abra Escriba en una ventana normal.';
}
