import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { DOCUMENT_KINDS, type DocumentKind } from '../notes/documents/documentSchema';
import { documents, type DocumentVersion, type Encounter } from '../storage';
import '../ui/documents.css';
import { DocumentCard } from './DocumentCard';
import { documentSource } from './documentSource';
import { useNoteVersions } from './noteData';
import { useNoteEngine } from './noteEngineContext';
import { useDocumentGeneration, type DocumentWay } from './useDocumentGeneration';

function useDocumentVersions(encounterId: string): Record<DocumentKind, DocumentVersion[]> | undefined {
  return useLiveQuery(async () => {
    const [instrucciones, derivacion] = await Promise.all(DOCUMENT_KINDS.map((kind) => documents.versions(encounterId, kind)));
    return { instrucciones: instrucciones ?? [], derivacion: derivacion ?? [] };
  }, [encounterId]);
}

/**
 * «Documentos»: «Indicaciones para el paciente» and «Carta de derivación», written from the note
 * (the signed version when there is one: documentSource.ts) by the note model or, with no model or
 * by the doctor's choice, by the template that copies the note's fields. Each is checked against
 * the note, edited into versions and printed.
 */
export function DocumentsPanel({ encounter }: { encounter: Encounter }) {
  const noteVersions = useNoteVersions(encounter.id);
  const versions = useDocumentVersions(encounter.id);
  const access = useNoteEngine();
  const generation = useDocumentGeneration(encounter.id);
  const source = useMemo(() => documentSource(noteVersions ?? []), [noteVersions]);
  const modelAvailable = access.availability.kind === 'available';
  const [picked, setPicked] = useState<DocumentWay | null>(null);
  const way: DocumentWay = picked ?? (modelAvailable ? 'model' : 'template');
  const running = generation.job.kind === 'running';

  const blockedReason = (): string | null => {
    if (!source) return 'Primero genere o escriba la nota: los documentos se hacen a partir de ella.';
    if (way === 'template') return null;
    if (!modelAvailable) return 'No hay un modelo de texto instalado: elija «Plantilla» o instale uno en Modelos.';
    if (access.status.phase === 'generating' && !running) return 'El modelo de texto está redactando la nota; espere a que termine.';
    return null;
  };
  const blocked = blockedReason();

  return (
    <section className="card documents" aria-labelledby="documents-title">
      <h2 id="documents-title">Documentos</h2>
      <p className="hint">{source ? source.description : 'Los documentos se hacen a partir de la nota, cuando la haya.'}</p>
      <label className="documents-way">
        Redactar con
        <select value={way} onChange={(event) => setPicked(event.target.value === 'model' ? 'model' : 'template')} disabled={running}>
          <option value="model" disabled={!modelAvailable}>
            {access.availability.kind === 'available' ? `Modelo de texto (${access.availability.model.name})` : 'Modelo de texto (no instalado)'}
          </option>
          <option value="template">Plantilla, sin modelo (copia los datos de la nota)</option>
        </select>
      </label>
      {blocked && <p className="hint">{blocked}</p>}
      {versions === undefined || noteVersions === undefined ? (
        <p className="hint">Cargando documentos…</p>
      ) : (
        DOCUMENT_KINDS.map((kind) => (
          <DocumentCard
            key={kind}
            encounter={encounter}
            kind={kind}
            versions={versions[kind]}
            noteVersions={noteVersions}
            generation={generation}
            blocked={blocked}
            onGenerate={() => source && generation.generate(kind, way, source)}
            onUseTemplate={() => source && generation.generate(kind, 'template', source)}
          />
        ))
      )}
    </section>
  );
}
