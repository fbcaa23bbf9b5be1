import { useState } from 'react';

interface Props {
  /** Installs what the folder holds; returns the names of the models it found. */
  onFolder: (files: File[]) => string[];
}

/** Offline provisioning: the doctor picks a folder (a USB drive, a shared folder) with model files. */
export function FolderInstall({ onFolder }: Props) {
  const [found, setFound] = useState<string[] | null>(null);
  return (
    <section className="card" aria-labelledby="folder-title">
      <h2 id="folder-title">Instalar sin internet</h2>
      <p>
        Si la clínica le entregó los modelos en una carpeta (por ejemplo, en un pendrive), elíjala: Escriba copia y
        verifica los archivos de cada modelo que encuentre, igual que en una descarga.
      </p>
      <label className="file-picker">
        Elegir carpeta con modelos
        <input
          type="file"
          multiple
          // React has no prop for it; the attribute makes the picker choose a folder.
          ref={(input) => input?.setAttribute('webkitdirectory', '')}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            if (files.length > 0) setFound(onFolder(files));
            event.target.value = '';
          }}
        />
      </label>
      {found && (
        <p role="status" className="hint">
          {found.length > 0
            ? `Instalando desde la carpeta: ${found.join(', ')}. El avance se ve en la lista de cada modelo.`
            : 'La carpeta no tiene los archivos completos de ningún modelo del catálogo. Deben estar como dueño/modelo/archivo, por ejemplo onnx-community/whisper-base/onnx/encoder_model.onnx.'}
        </p>
      )}
    </section>
  );
}
