import type { StorageStatus } from '../storage/persistence';
import { formatBytes } from './format';

export function StorageIndicator({ status }: { status: StorageStatus | undefined }) {
  if (!status) return <p className="storage">Almacenamiento: calculando…</p>;
  return (
    <p className="storage">
      Almacenamiento: {formatBytes(status.usedBytes)} usados de {formatBytes(status.quotaBytes)} disponibles.{' '}
      {status.persisted
        ? 'Guardado persistente activado.'
        : 'El navegador podría borrar datos si falta espacio: instale Escriba como aplicación para evitarlo.'}
    </p>
  );
}
