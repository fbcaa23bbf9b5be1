/** A storage write whose quota failure (Dexie wraps the DOMException) becomes StorageFullError, which the UI explains. */
import { StorageFullError, isQuotaError } from '../shared/errors';

export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError('Sin espacio de almacenamiento', { cause: error });
    throw error;
  }
}
