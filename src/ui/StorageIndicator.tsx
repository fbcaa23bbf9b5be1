import type { StorageStatus } from '../storage/persistence';
import { formatBytes } from './format';

export function StorageIndicator({ status }: { status: StorageStatus | undefined }) {
  if (!status) return <p className="storage">Almacenamiento: calculando…</p>;
  return (
    <p className="storage">
      {/* The quota is what the browser allows this site, not the disk's free space: say it that way. */}
      Almacenamiento: {formatBytes(status.usedBytes)} usados; el navegador permite a Escriba hasta{' '}
      {formatBytes(status.quotaBytes)}.{' '}
      {status.persisted
        ? 'Guardado persistente activado.'
        : 'El navegador podría borrar datos si falta espacio: instale Escriba como aplicación para evitarlo.'}
    </p>
  );
}
